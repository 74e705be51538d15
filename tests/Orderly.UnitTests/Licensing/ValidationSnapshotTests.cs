using Microsoft.Extensions.Time.Testing;
using Orderly.Licensing;
using Orderly.Licensing.Contracts;

namespace Orderly.UnitTests.Licensing;

public sealed class ValidationSnapshotTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));

    private static byte[] Token(int n)
    {
        var token = new byte[32];
        BitConverter.TryWriteBytes(token, n);
        return token;
    }

    private static LeaseSubject Subject(Guid licenseId, string domain, LicenseStatus status = LicenseStatus.Active) =>
        new(licenseId, "SKU", LicensePlan.Perpetual, status, null, new LeaseTerms(TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromDays(3)),
            ["updates"], Guid.NewGuid(), BindingKind.Domain, domain);

    [Fact]
    public void A_row_read_before_a_write_ended_is_not_stored_after_the_writes_invalidation()
    {
        var snapshot = new ValidationSnapshot(enabled: true, capacity: 100, _time);
        var license = Guid.NewGuid();
        // The reader takes the generation, then reads the row while it is still active...
        var generation = snapshot.Generation;
        var readBeforeCommit = Subject(license, "a.example");
        // ...the writer commits the suspension and invalidates...
        snapshot.Invalidate([license]);
        // ...and only then the reader tries to store what it read.
        Assert.False(snapshot.TryAdd(Token(1), readBeforeCommit, generation));
        Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));

        // The next reader reads the new row after the write and keeps it.
        var next = snapshot.Generation;
        Assert.True(snapshot.TryAdd(Token(1), Subject(license, "a.example", LicenseStatus.Suspended), next));
        Assert.True(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out var entry));
        Assert.Equal(LicenseStatus.Suspended, entry.Subject.Status);
    }

    [Fact]
    public void A_row_stored_before_the_writes_invalidation_is_dropped_by_it_with_every_binding_of_the_license()
    {
        var snapshot = new ValidationSnapshot(enabled: true, capacity: 100, _time);
        var (license, other) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.True(snapshot.TryAdd(Token(1), Subject(license, "a.example"), snapshot.Generation));
        Assert.True(snapshot.TryAdd(Token(1), Subject(license, "b.example"), snapshot.Generation));
        Assert.True(snapshot.TryAdd(Token(2), Subject(other, "a.example"), snapshot.Generation));

        snapshot.Invalidate([license]);

        Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));
        Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "b.example", out _));
        Assert.True(snapshot.TryGet(Token(2), BindingKind.Domain, "a.example", out _));
        Assert.Equal(1, snapshot.Count);
    }

    [Fact]
    public void Entries_are_found_by_token_kind_and_value_only()
    {
        var snapshot = new ValidationSnapshot(enabled: true, capacity: 100, _time);
        Assert.True(snapshot.TryAdd(Token(1), Subject(Guid.NewGuid(), "a.example"), snapshot.Generation));
        Assert.True(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));
        Assert.False(snapshot.TryGet(Token(2), BindingKind.Domain, "a.example", out _));
        Assert.False(snapshot.TryGet(Token(1), BindingKind.Fingerprint, "a.example", out _));
        Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "A.example", out _));
    }

    [Fact]
    public void When_full_the_least_recently_used_tenth_goes_and_the_size_stays_within_the_cap()
    {
        var snapshot = new ValidationSnapshot(enabled: true, capacity: 20, _time);
        var licenses = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(snapshot.TryAdd(Token(i), Subject(licenses[i], "a.example"), snapshot.Generation));
        }
        // The two oldest fills are used again; the next two oldest (2 and 3) are now the least recent.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(snapshot.TryGet(Token(0), BindingKind.Domain, "a.example", out _));
        Assert.True(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));

        for (var i = 20; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            snapshot.TryAdd(Token(i), Subject(Guid.NewGuid(), "a.example"), snapshot.Generation);
            Assert.InRange(snapshot.Count, 1, 20);
        }
        Assert.False(snapshot.TryGet(Token(2), BindingKind.Domain, "a.example", out _));
        Assert.True(snapshot.TryGet(Token(99), BindingKind.Domain, "a.example", out _));

        // An evicted license's invalidation is harmless, and the index holds no key of it.
        snapshot.Invalidate(licenses);
        Assert.InRange(snapshot.Count, 1, 20);
    }

    [Fact]
    public void The_evicted_tenth_is_the_least_recently_used()
    {
        var snapshot = new ValidationSnapshot(enabled: true, capacity: 10, _time);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            snapshot.TryAdd(Token(i), Subject(Guid.NewGuid(), "a.example"), snapshot.Generation);
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(snapshot.TryGet(Token(0), BindingKind.Domain, "a.example", out _));

        Assert.True(snapshot.TryAdd(Token(10), Subject(Guid.NewGuid(), "a.example"), snapshot.Generation));

        Assert.Equal(10, snapshot.Count);
        Assert.True(snapshot.TryGet(Token(0), BindingKind.Domain, "a.example", out _));
        Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));
    }

    [Fact]
    public void Switched_off_or_with_size_zero_it_keeps_nothing()
    {
        foreach (var snapshot in new[] { new ValidationSnapshot(enabled: false, capacity: 100, _time), new ValidationSnapshot(enabled: true, capacity: 0, _time) })
        {
            Assert.False(snapshot.Enabled);
            Assert.False(snapshot.TryAdd(Token(1), Subject(Guid.NewGuid(), "a.example"), snapshot.Generation));
            Assert.False(snapshot.TryGet(Token(1), BindingKind.Domain, "a.example", out _));
            Assert.Equal(0, snapshot.Count);
        }
    }
}
