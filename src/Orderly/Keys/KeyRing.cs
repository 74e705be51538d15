using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Keys.Crypto;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary>
/// The key ring. A master key (configuration, or a 0600 file in the data directory) wraps data keys
/// stored in <c>keys_data_keys</c>; the active data key encrypts new codes and every ciphertext
/// names its data key, so rotating (<see cref="RotateAsync"/>) never re-encrypts old rows. Data keys
/// live in the database, so every instance shares them. The blind-index key is derived from the master.
/// </summary>
internal sealed class KeyRing(IServiceScopeFactory scopes, IOptions<KeysOptions> keysOptions, IOptions<OrderlyOptions> orderlyOptions, TimeProvider time) : IDisposable
{
    public void Dispose() => _gate.Dispose();

    private const string WrapPurpose = "data-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, byte[]> _dataKeys = new(StringComparer.Ordinal);
    private byte[]? _master;
    private byte[]? _indexKey;
    private string? _activeId;

    public const string CodePurpose = "license-key";

    public async Task<(string Id, byte[] Key)> ActiveAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        return (_activeId!, _dataKeys[_activeId!]);
    }

    public async Task<byte[]> GetAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (!_dataKeys.TryGetValue(id, out var key))
        {
            await ReloadAsync(cancellationToken);
            key = _dataKeys.TryGetValue(id, out var reloaded) ? reloaded : throw new CryptographicException($"Unknown data key '{id}'.");
        }
        return key;
    }

    public byte[] IndexKey => _indexKey ??= HKDF.DeriveKey(HashAlgorithmName.SHA256, Master(), 32, info: "orderly/blind-index/v1"u8.ToArray());

    /// <summary>Adds a new active data key; old ones stay for decryption.</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.Set<DataKey>().Where(k => k.Active).ExecuteUpdateAsync(s => s.SetProperty(k => k.Active, false), cancellationToken);
        var id = AddDataKey(db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await ReloadAsync(cancellationToken);
        return id;
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_activeId is null)
        {
            await ReloadAsync(cancellationToken);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            var rows = await db.Set<DataKey>().AsNoTracking().ToListAsync(cancellationToken);
            if (!rows.Any(r => r.Active))
            {
                await using var transaction = await db.BeginWriteAsync(cancellationToken);
                if (!await db.Set<DataKey>().AnyAsync(k => k.Active, cancellationToken))
                {
                    AddDataKey(db);
                    await db.SaveChangesAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                rows = await db.Set<DataKey>().AsNoTracking().ToListAsync(cancellationToken);
            }
            foreach (var row in rows)
            {
                try
                {
                    _dataKeys[row.Id] = Convert.FromBase64String(KeyCipher.Decrypt(Master(), row.Id, WrapPurpose, row.WrappedKey));
                }
                catch (AuthenticationTagMismatchException)
                {
                    // The usual cause: a second instance that generated its own master key.
                    throw new InvalidOperationException(
                        "The master key does not open the data keys stored in this database. Every instance on one database needs the same Keys__MasterKey (or the master.key file of the instance that created the database).");
                }
            }
            _activeId = rows.Where(r => r.Active).OrderByDescending(r => r.CreatedAt).First().Id;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string AddDataKey(OrderlyDbContext db)
    {
        var id = $"dk-{time.GetUtcNow():yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var key = RandomNumberGenerator.GetBytes(32);
        db.Set<DataKey>().Add(new DataKey
        {
            Id = id,
            WrappedKey = KeyCipher.Encrypt(Master(), id, WrapPurpose, Convert.ToBase64String(key)),
            Active = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        return id;
    }

    private byte[] Master()
    {
        if (_master is not null)
        {
            return _master;
        }
        var configured = keysOptions.Value.MasterKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return _master = Decode(configured, "Keys:MasterKey");
        }
        var dataDir = orderlyOptions.Value.ResolveDataDir();
        var path = Path.Combine(dataDir, "master.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDir);
            try
            {
                SecretFiles.WriteNew(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another start created it first; use theirs.
            }
        }
        return _master = Decode(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Decode(string base64, string source)
    {
        var bytes = Convert.FromBase64String(base64);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"The master key in {source} must be 32 bytes (base64).");
    }
}

internal sealed class KeyRingWarmup(KeyRing ring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ring.ActiveAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
