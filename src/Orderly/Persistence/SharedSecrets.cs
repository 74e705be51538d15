using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Persistence;

/// <summary>
/// Secrets every instance must agree on (the link-signing key), kept in the database so that
/// instances need no shared disk: the first instance to need one stores it, every other instance
/// reads the same value. The root secrets that protect the database's own contents (the keys'
/// master key, the admin API key) are configuration, not rows in it.
/// </summary>
public interface ISharedSecrets
{
    /// <summary>The named secret; when none is stored yet, stores <paramref name="create"/>'s value unless another instance stored one first.</summary>
    string GetOrCreate(string name, Func<string> create);
}

internal sealed class DatabaseSharedSecrets(IServiceScopeFactory scopes, TimeProvider time) : ISharedSecrets
{
    // Read once per process at first use (a Lazy in the caller): synchronous on purpose, the
    // callers are synchronous crypto paths.
    public string GetOrCreate(string name, Func<string> create)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        if (Read(db, name) is { } existing)
        {
            return existing;
        }
        db.Set<SharedSecret>().Add(new SharedSecret { Name = name, Value = create(), CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another instance stored it first (primary key): use theirs.
        }
        return Read(db, name) ?? throw new InvalidOperationException($"Shared secret '{name}' could not be stored.");
    }

    private static string? Read(OrderlyDbContext db, string name) =>
        db.Set<SharedSecret>().AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefault();
}

internal sealed class SharedSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class SharedSecretConfiguration : IEntityTypeConfiguration<SharedSecret>
{
    public void Configure(EntityTypeBuilder<SharedSecret> builder)
    {
        builder.ToTable("platform_shared_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Value).HasMaxLength(1000);
    }
}

/// <summary>ASP.NET Core data-protection keys (antiforgery, cookies) in the database, shared by every instance.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> builder) =>
        builder.ToTable("platform_data_protection_keys");
}
