using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orderly.Audit;

/// <summary>The hash chain's rules, pure: how an entry is hashed, and how a chain is verified.</summary>
internal static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(long seq, AuditEntry entry, string prevHash)
    {
        var canonical = string.Join('\u001f',
            seq.ToString(CultureInfo.InvariantCulture),
            entry.Id.ToString(CultureInfo.InvariantCulture),
            entry.At.ToString("O", CultureInfo.InvariantCulture),
            entry.Type,
            entry.OrderId?.ToString() ?? "",
            entry.Actor,
            entry.Data ?? "",
            prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public sealed record Result(bool Intact, long Checked, long Unsealed, IReadOnlyList<string> Problems);

    /// <summary>
    /// Walks sealed entries in sequence order. An edited entry fails its hash; a deleted one breaks
    /// the sequence and the next entry's link; a deleted tail no longer matches the head.
    /// </summary>
    public static Result Verify(IEnumerable<AuditEntry> sealedInOrder, AuditHead head, long unsealed)
    {
        var problems = new List<string>();
        var expectedSeq = 1L;
        var prev = Genesis;
        long lastId = 0;
        foreach (var entry in sealedInOrder)
        {
            if (entry.Seq != expectedSeq)
            {
                problems.Add($"entry #{entry.Id}: sequence {entry.Seq}, expected {expectedSeq} (an entry is missing)");
                expectedSeq = entry.Seq ?? expectedSeq;
            }
            if (!string.Equals(entry.PrevHash, prev, StringComparison.Ordinal))
            {
                problems.Add($"entry #{entry.Id} (seq {entry.Seq}): link to the previous entry is broken");
            }
            if (!string.Equals(entry.Hash, Hash(entry.Seq ?? 0, entry, entry.PrevHash ?? ""), StringComparison.Ordinal))
            {
                problems.Add($"entry #{entry.Id} (seq {entry.Seq}): content does not match its hash (edited)");
            }
            prev = entry.Hash ?? "";
            lastId = entry.Id;
            expectedSeq++;
        }
        var lastSeq = expectedSeq - 1;
        if (lastSeq != head.LastSeq || !string.Equals(prev, head.LastHash, StringComparison.Ordinal) || lastId != head.LastEntryId)
        {
            problems.Add($"the chain ends at seq {lastSeq}, but the head records seq {head.LastSeq} (entries were removed from the end)");
        }
        return new Result(problems.Count == 0, lastSeq, unsealed, problems);
    }
}
