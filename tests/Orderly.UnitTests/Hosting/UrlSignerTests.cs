using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.UnitTests.Hosting;

public sealed class UrlSignerTests : IDisposable
{
    private static readonly Guid Id = new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private readonly string _dataDir = Directory.CreateTempSubdirectory("orderly-unit-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private readonly InMemorySecrets _secrets = new();

    private UrlSigner Signer(string? signingKey = "test-secret", ISharedSecrets? secrets = null) => new(
        Options.Create(new OrderlyOptions { DataDir = _dataDir }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orderly:SigningKey"] = signingKey }).Build(),
        _time,
        secrets ?? _secrets);

    /// <summary>The database's shared-secret table, as another instance would see it.</summary>
    private sealed class InMemorySecrets : ISharedSecrets
    {
        public Dictionary<string, string> Stored { get; } = [];

        public string GetOrCreate(string name, Func<string> create)
        {
            if (!Stored.TryGetValue(name, out var value))
            {
                Stored[name] = value = create();
            }
            return value;
        }
    }

    private string SignForTenMinutes(UrlSigner signer, string purpose = "library") =>
        signer.Sign(purpose, Id, _time.GetUtcNow().AddMinutes(10));

    [Fact]
    public void A_signed_token_verifies_to_the_same_id()
    {
        var signer = Signer();

        Assert.Equal(Id, signer.Verify("library", SignForTenMinutes(signer)));
    }

    [Fact]
    public void A_token_is_url_safe()
    {
        var token = SignForTenMinutes(Signer());

        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void A_token_for_another_purpose_does_not_verify()
    {
        var signer = Signer();

        Assert.Null(signer.Verify("download", SignForTenMinutes(signer, "library")));
    }

    [Fact]
    public void A_token_still_verifies_just_before_it_expires()
    {
        var signer = Signer();
        var token = SignForTenMinutes(signer);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(Id, signer.Verify("library", token));
    }

    [Fact]
    public void An_expired_token_does_not_verify()
    {
        var signer = Signer();
        var token = SignForTenMinutes(signer);

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        Assert.Null(signer.Verify("library", token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(50)]
    public void A_token_with_a_flipped_character_does_not_verify(int position)
    {
        var signer = Signer();
        var token = SignForTenMinutes(signer);
        var chars = token.ToCharArray();
        Assert.NotEqual('.', chars[position]);
        chars[position] = chars[position] == 'A' ? 'B' : 'A';

        Assert.Null(signer.Verify("library", new string(chars)));
    }

    [Fact]
    public void A_token_signed_with_another_secret_does_not_verify()
    {
        var token = SignForTenMinutes(Signer("another-secret"));

        Assert.Null(Signer().Verify("library", token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("!!!!.????")]
    [InlineData("AAAA.AAAA")]
    [InlineData(".")]
    public void Garbage_does_not_verify(string? token)
    {
        Assert.Null(Signer().Verify("library", token));
    }

    [Fact]
    public void An_overlong_token_does_not_verify()
    {
        Assert.Null(Signer().Verify("library", new string('A', 150) + "." + new string('A', 60)));
    }

    [Fact]
    public void Without_a_configured_key_one_generated_key_is_shared_by_every_instance()
    {
        var token = SignForTenMinutes(Signer(signingKey: null));

        // Another instance: its own data directory, the same database.
        Assert.Equal(Id, Signer(signingKey: null).Verify("library", token));
        Assert.Equal(32, Convert.FromBase64String(_secrets.Stored[UrlSigner.SecretName]).Length);
        Assert.False(File.Exists(Path.Combine(_dataDir, "signing.key")));
    }

    [Fact]
    public void A_signing_key_file_from_an_earlier_install_becomes_the_shared_key_so_sent_links_keep_working()
    {
        var legacy = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(_dataDir, "signing.key"), legacy + "\n");

        SignForTenMinutes(Signer(signingKey: null));

        Assert.Equal(legacy, _secrets.Stored[UrlSigner.SecretName]);
    }

    [Fact]
    public void A_key_already_shared_wins_over_a_local_file()
    {
        _secrets.Stored[UrlSigner.SecretName] = Convert.ToBase64String(new byte[32]);
        File.WriteAllText(Path.Combine(_dataDir, "signing.key"), Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()));
        var token = SignForTenMinutes(Signer(signingKey: null));

        Assert.Equal(Id, Signer(signingKey: null, secrets: new InMemorySecretsWith(_secrets.Stored)).Verify("library", token));
    }

    private sealed class InMemorySecretsWith(Dictionary<string, string> stored) : ISharedSecrets
    {
        public string GetOrCreate(string name, Func<string> create) => stored[name];
    }

    [Fact]
    public void A_token_has_exactly_one_valid_spelling()
    {
        var signer = Signer();
        var token = SignForTenMinutes(signer);
        var last = token[^1];
        // Flipping the lowest bit of the last base64url character only touches padding bits.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sibling = token[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];

        Assert.Equal(Id, signer.Verify("library", token));
        Assert.Null(signer.Verify("library", sibling));
    }
}
