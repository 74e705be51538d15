using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orderly.Hosting;

namespace Orderly.UnitTests.Hosting;

public sealed class UrlSignerTests : IDisposable
{
    private static readonly Guid Id = new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private readonly string _dataDir = Directory.CreateTempSubdirectory("orderly-unit-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private UrlSigner Signer(string? signingKey = "test-secret") => new(
        Options.Create(new OrderlyOptions { DataDir = _dataDir }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orderly:SigningKey"] = signingKey }).Build(),
        _time);

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
    public void Without_a_configured_key_a_signing_key_file_readable_only_by_the_owner_is_created()
    {
        var signer = Signer(signingKey: null);

        SignForTenMinutes(signer);

        var path = Path.Combine(_dataDir, "signing.key");
        Assert.True(File.Exists(path));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes do not exist on Windows.");
        }
        else
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void The_generated_signing_key_is_reused_by_the_next_signer()
    {
        var token = SignForTenMinutes(Signer(signingKey: null));

        Assert.Equal(Id, Signer(signingKey: null).Verify("library", token));
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
