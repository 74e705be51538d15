using Orderly.Audit;

namespace Orderly.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly Guid OrderId = new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    /// <summary>Appends <paramref name="count"/> entries and seals them exactly as SealAuditEntries does.</summary>
    private static (List<AuditEntry> Entries, AuditHead Head) SealedChain(int count)
    {
        var head = new AuditHead { Id = 1 };
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = new AuditEntry
            {
                // Ids are not the sequence: other rows may sit between sealed entries.
                Id = 100 + (3 * i),
                At = new DateTime(2025, 3, 1, 12, 0, i, DateTimeKind.Utc),
                Type = i % 2 == 0 ? "OrderPlaced" : "PaymentSucceeded",
                OrderId = i == 2 ? null : OrderId,
                Actor = "buyer",
                Data = i == 3 ? null : $$"""{"n":{{i}}}""",
            };
            var seq = head.LastSeq + 1;
            entry.Seq = seq;
            entry.PrevHash = head.LastHash;
            entry.Hash = AuditChain.Hash(seq, entry, head.LastHash);
            head.LastSeq = seq;
            head.LastHash = entry.Hash;
            head.LastEntryId = entry.Id;
            entries.Add(entry);
        }
        return (entries, head);
    }

    [Fact]
    public void An_untouched_chain_verifies_as_intact()
    {
        var (entries, head) = SealedChain(5);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.True(result.Intact);
        Assert.Empty(result.Problems);
        Assert.Equal(5, result.Checked);
    }

    [Fact]
    public void An_empty_chain_with_a_fresh_head_verifies_as_intact()
    {
        var result = AuditChain.Verify([], new AuditHead { Id = 1 }, unsealed: 0);

        Assert.True(result.Intact);
        Assert.Equal(0, result.Checked);
    }

    [Fact]
    public void Unsealed_entries_appended_after_the_head_are_counted_but_not_a_problem()
    {
        var (entries, head) = SealedChain(3);

        var result = AuditChain.Verify(entries, head, unsealed: 4);

        Assert.True(result.Intact);
        Assert.Equal(4, result.Unsealed);
    }

    [Fact]
    public void Each_entry_links_to_the_previous_hash_starting_from_genesis()
    {
        var (entries, _) = SealedChain(3);

        Assert.Equal(AuditChain.Genesis, entries[0].PrevHash);
        Assert.Equal(entries[0].Hash, entries[1].PrevHash);
        Assert.Equal(entries[1].Hash, entries[2].PrevHash);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash!));
    }

    [Theory]
    [InlineData("Data")]
    [InlineData("Type")]
    [InlineData("Actor")]
    [InlineData("At")]
    [InlineData("OrderId")]
    public void Editing_a_field_of_a_sealed_entry_is_reported_as_an_edit(string field)
    {
        var (entries, head) = SealedChain(5);
        var edited = entries[1];
        switch (field)
        {
            case "Data": edited.Data = """{"n":999}"""; break;
            case "Type": edited.Type = "RefundIssued"; break;
            case "Actor": edited.Actor = "admin"; break;
            case "At": edited.At = edited.At.AddSeconds(1); break;
            case "OrderId": edited.OrderId = Guid.Empty; break;
        }

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"entry #{edited.Id}", problem, StringComparison.Ordinal);
        Assert.Contains("edited", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_an_entry_and_rehashing_it_breaks_the_next_entrys_link()
    {
        var (entries, head) = SealedChain(5);
        entries[1].Data = """{"n":999}""";
        entries[1].Hash = AuditChain.Hash(entries[1].Seq!.Value, entries[1], entries[1].PrevHash!);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"entry #{entries[2].Id}", problem, StringComparison.Ordinal);
        Assert.Contains("link to the previous entry is broken", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_middle_entry_is_reported_as_a_sequence_gap_and_a_broken_link()
    {
        var (entries, head) = SealedChain(5);
        var next = entries[3];
        entries.RemoveAt(2);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        Assert.Equal(2, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Contains($"entry #{next.Id}: sequence 4, expected 3", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains($"entry #{next.Id}", StringComparison.Ordinal) && p.Contains("link", StringComparison.Ordinal));
    }

    [Fact]
    public void Deleting_the_first_entry_is_reported()
    {
        var (entries, head) = SealedChain(3);
        entries.RemoveAt(0);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.Contains("sequence 2, expected 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Deleting_the_last_entry_is_reported_as_a_head_mismatch()
    {
        var (entries, head) = SealedChain(5);
        entries.RemoveAt(4);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("ends at seq 4, but the head records seq 5", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_every_sealed_entry_is_reported_as_a_head_mismatch()
    {
        var (_, head) = SealedChain(5);

        var result = AuditChain.Verify([], head, unsealed: 0);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.Contains("ends at seq 0, but the head records seq 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Rehashing_the_last_entry_after_an_edit_no_longer_matches_the_head()
    {
        var (entries, head) = SealedChain(5);
        var last = entries[4];
        last.Actor = "admin";
        last.Hash = AuditChain.Hash(last.Seq!.Value, last, last.PrevHash!);

        var result = AuditChain.Verify(entries, head, unsealed: 0);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.Contains("head records seq 5", StringComparison.Ordinal));
    }
}
