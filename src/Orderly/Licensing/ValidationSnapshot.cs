using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>What a lease is made of: the license's fields and the activation it is for. Immutable.</summary>
internal sealed record LeaseSubject(Guid LicenseId, string Sku, LicensePlan Plan, LicenseStatus Status, DateTime? ExpiresAt, LeaseTerms Terms,
    string[] Entitlements, Guid ActivationId, BindingKind Kind, string Value)
{
    public static LeaseSubject Of(License license, Activation activation) => new(license.Id, license.Sku, license.Plan, license.Status,
        license.ExpiresAt, license.Terms, license.Entitlements.Split(' ', StringSplitOptions.RemoveEmptyEntries), activation.Id, activation.Kind, activation.Value);
}

/// <summary>
/// Activated licenses in memory, so a validation on the embedded database needs no unit of work
/// (ADR 0027). Keyed by (key token, binding kind, binding value); only found activations are kept,
/// never misses (unknown keys must not fill memory), at most <c>Licensing:ValidationCacheSize</c>
/// of them (the least recently used tenth goes when full).
/// <para>
/// On for the embedded database only: there one process owns the file, so every write to licenses
/// and activations runs here and invalidates. Every such write calls <see cref="Changed"/> right
/// after its statement: it drops the license's entries at once and, inside a transaction, once
/// more when the transaction ends (<see cref="AfterCommit"/>), because a validation that reads
/// between the statement and the commit still sees the old row. A reader takes
/// <see cref="Generation"/> before its database read and stores only if no write ended since
/// (<see cref="TryAdd"/>), so a row read just before a commit is never stored after the commit's
/// invalidation. The generation is global, not per license: the reader does not know the license
/// before its read, and writes that change leases are rare next to validations.
/// </para>
/// </summary>
internal sealed class ValidationSnapshot
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly Dictionary<Guid, List<Key>> _byLicense = [];
    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _pending = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _generation;

    public ValidationSnapshot(IWriteGate writeGate, IOptions<LicensingOptions> options, TimeProvider time)
        : this(Enable(writeGate, options.Value), options.Value.ValidationCacheSize, time)
    {
    }

    public ValidationSnapshot(bool enabled, int capacity, TimeProvider time)
    {
        Enabled = enabled && capacity > 0;
        Capacity = capacity;
        _time = time;
    }

    /// <summary>
    /// Only with the single-writer gate, which is the embedded database's: one process owns its file.
    /// With several instances (PostgreSQL) another instance's write would not reach this memory.
    /// </summary>
    private static bool Enable(IWriteGate writeGate, LicensingOptions options) => writeGate is SingleWriterGate && options.ValidationCacheSize > 0;

    public bool Enabled { get; }

    public int Capacity { get; }

    public int Count => _entries.Count;

    /// <summary>Moves on whenever a write to licenses or activations ends; read before a fill's database read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(byte[] token, BindingKind kind, string value, out Entry entry)
    {
        if (Enabled && _entries.TryGetValue(new Key(token, kind, value), out entry!))
        {
            entry.LastUsed = _time.GetTimestamp();
            return true;
        }
        entry = null!;
        return false;
    }

    /// <summary>Stores an activation read from the database, unless a write ended since <paramref name="generationBeforeRead"/>.</summary>
    public bool TryAdd(byte[] token, LeaseSubject subject, long generationBeforeRead)
    {
        if (!Enabled)
        {
            return false;
        }
        var key = new Key(token, subject.Kind, subject.Value);
        lock (_lock)
        {
            if (_generation != generationBeforeRead || _entries.ContainsKey(key))
            {
                return false;
            }
            if (_entries.Count >= Capacity)
            {
                EvictLeastRecentlyUsed();
            }
            _entries[key] = new Entry(subject) { LastUsed = _time.GetTimestamp() };
            if (!_byLicense.TryGetValue(subject.LicenseId, out var keys))
            {
                _byLicense[subject.LicenseId] = keys = [];
            }
            keys.Add(key);
            return true;
        }
    }

    /// <summary>
    /// Call right after a statement that writes licenses or activations of these licenses (also in
    /// another module's transaction): drops their entries now and, when <paramref name="db"/> is in a
    /// transaction, again when it ends.
    /// </summary>
    public void Changed(DbContext db, IEnumerable<Guid> licenseIds)
    {
        if (!Enabled)
        {
            return;
        }
        var ids = licenseIds.ToList();
        Invalidate(ids);
        if (db.Database.CurrentTransaction is not null)
        {
            lock (_lock)
            {
                _pending.GetOrCreateValue(db).UnionWith(ids);
            }
        }
    }

    /// <summary>Drops the entries of these licenses and moves the generation on, so no fill that read before this point is stored.</summary>
    public void Invalidate(IEnumerable<Guid> licenseIds)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_lock)
        {
            _generation++;
            foreach (var id in licenseIds)
            {
                if (_byLicense.Remove(id, out var keys))
                {
                    foreach (var key in keys)
                    {
                        _entries.TryRemove(key, out _);
                    }
                }
            }
        }
    }

    /// <summary>A transaction of <paramref name="db"/> ended: the licenses it changed are dropped once more (what was read before the commit is gone).</summary>
    private void Ended(DbContext? db)
    {
        if (!Enabled || db is null)
        {
            return;
        }
        HashSet<Guid>? ids;
        lock (_lock)
        {
            if (!_pending.TryGetValue(db, out ids))
            {
                return;
            }
            _pending.Remove(db);
        }
        Invalidate(ids);
    }

    /// <summary>Called under the lock: drops the least recently used tenth, so a full snapshot does not sort on every fill.</summary>
    private void EvictLeastRecentlyUsed()
    {
        var victims = _entries.OrderBy(e => e.Value.LastUsed).Take(Math.Max(1, Capacity / 10)).ToList();
        foreach (var (key, entry) in victims)
        {
            _entries.TryRemove(key, out _);
            if (_byLicense.TryGetValue(entry.Subject.LicenseId, out var keys))
            {
                keys.Remove(key);
                if (keys.Count == 0)
                {
                    _byLicense.Remove(entry.Subject.LicenseId);
                }
            }
        }
    }

    /// <summary>One activated license, and the last lease signed for it (reused within the same second, see ValidateLicense).</summary>
    internal sealed class Entry(LeaseSubject subject)
    {
        public LeaseSubject Subject { get; } = subject;

        public long LastUsed;

        public SignedLease? Lease;
    }

    /// <summary>A lease signed at <paramref name="IssuedAt"/> (whole seconds) with the signing key <paramref name="SigningKey"/>.</summary>
    internal sealed record SignedLease(DateTime IssuedAt, object SigningKey, LeaseResponse Response);

    private readonly struct Key(byte[] token, BindingKind kind, string value) : IEquatable<Key>
    {
        private readonly byte[] _token = token;
        private readonly BindingKind _kind = kind;
        private readonly string _value = value;

        public bool Equals(Key other) => _kind == other._kind && string.Equals(_value, other._value, StringComparison.Ordinal) && _token.AsSpan().SequenceEqual(other._token);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(_token);
            hash.Add(_kind);
            hash.Add(_value, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }

    /// <summary>Runs <see cref="Ended"/> when a transaction commits or rolls back (a rollback leaves the old row, dropping it once more is harmless).</summary>
    internal sealed class AfterCommit(ValidationSnapshot snapshot) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => snapshot.Ended(eventData.Context);

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            snapshot.Ended(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => snapshot.Ended(eventData.Context);

        public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            snapshot.Ended(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionFailed(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData) => snapshot.Ended(eventData.Context);

        public override Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            snapshot.Ended(eventData.Context);
            return Task.CompletedTask;
        }
    }
}
