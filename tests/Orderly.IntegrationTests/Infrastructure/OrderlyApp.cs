using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// One Orderly per test: the real application (Program) over a fresh database — a SQLite file in
/// its own data directory, or, with <c>ORDERLY_TEST_PROVIDER=postgres</c>, a PostgreSQL database
/// of its own on the server test.sh starts — with the real outbox dispatcher and workers, and
/// e-mail to the SMTP sink. Reuse a data directory to model a restart (same database too).
/// </summary>
internal sealed class OrderlyApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "oak_test_admin_key_0123456789";
    public const string WebhookSecret = "whsec_orderly_test_secret";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDataDir;

    public OrderlyApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDir = null)
    {
        _ownsDataDir = dataDir is null;
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var sink = SmtpSink.FromEnvironment();
        _settings = new Dictionary<string, string?>
        {
            ["Orderly:DataDir"] = DataDir,
            ["Orderly:AdminApiKey"] = AdminKey,
            ["Orderly:SeedDemoData"] = "false",
            ["Orderly:PublicBaseUrl"] = "http://orderly.test",
            ["Orderly:SigningKey"] = "orderly-test-signing-key",
            ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
            ["Messaging:PollInterval"] = "00:00:00.050",
            ["Messaging:BackoffBase"] = "00:00:00.050",
            ["Messaging:BackoffCap"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            // Load and concurrency tests check out from loopback by the thousand on purpose; the
            // rate limit tests turn limiting on themselves.
            ["RateLimits:Enabled"] = "false",
        };
        if (sink is not null)
        {
            _settings["Email:Smtp:Host"] = sink.Host;
            _settings["Email:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture);
            _settings["Email:Smtp:Security"] = "none";
        }
        foreach (var (key, value) in ServerSettings(DataDir))
        {
            _settings[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        _services = services;
    }

    public string DataDir { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>
    /// Serves this app on a real loopback port (Kestrel) for a browser, and returns its base address
    /// ("http://127.0.0.1:PORT"). Call before anything else touches the app.
    /// </summary>
    public string StartWebServer()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return addresses.First().TrimEnd('/');
    }

    /// <summary>A staff member (admin, manager, support) who can sign in with this password at once.</summary>
    public async Task<Guid> AddStaffUserAsync(string email, string password, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Orderly.Accounts.AddStaffUser>().HandleAsync(email, password, role, CancellationToken.None);
        return outcome switch
        {
            Orderly.Accounts.AddStaffUser.Outcome.Created c => c.UserId,
            Orderly.Accounts.AddStaffUser.Outcome.Updated u => u.UserId,
            Orderly.Accounts.AddStaffUser.Outcome.Refused r => throw new InvalidOperationException(string.Join("; ", r.Errors)),
            _ => throw new InvalidOperationException("unexpected outcome"),
        };
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A scope for reading the database directly (checks that the API cannot show).</summary>
    public async Task<T> QueryAsync<T>(Func<OrderlyDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OrderlyDbContext>());
    }

    public async Task<HttpResponseMessage> CreateProductAsync(string sku, string delivery = "code", string? keySource = "pool", string? keyPattern = null, long price = 1500, int? lowStockThreshold = null)
    {
        var response = await Admin().PostAsJsonAsync("/api/admin/products", new
        {
            sku,
            name = $"Product {sku}",
            kind = "digital",
            delivery,
            price = new { amount = price, currency = "EUR" },
            keySource,
            keyPattern,
            lowStockThreshold,
        });
        return response;
    }

    public async Task<JsonElement> ImportKeysAsync(string sku, IEnumerable<string> keys)
    {
        using var content = new StringContent(string.Join('\n', keys), Encoding.UTF8, "text/plain");
        var response = await Admin().PostAsync($"/api/admin/products/{sku}/keys", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> CheckoutAsync(string email, params (string Sku, int Quantity)[] items) =>
        CreateClient().PostAsJsonAsync("/api/checkout", new { email, items = items.Select(i => new { sku = i.Sku, quantity = i.Quantity }) });

    public async Task<(Guid OrderId, long Total)> PlaceOrderAsync(string email, params (string Sku, int Quantity)[] items)
    {
        var response = await CheckoutAsync(email, items);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"checkout failed: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("orderId").GetGuid(), json.GetProperty("total").GetProperty("amount").GetInt64());
    }

    public async Task<HttpResponseMessage> PostStripeAsync(string payload, string? signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signatureHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        }
        return await CreateClient().SendAsync(request);
    }

    /// <summary>Signs with the official stripe package and posts.</summary>
    public async Task<HttpResponseMessage> PayAsync(string payload) =>
        await PostStripeAsync(payload, await StripeFixture.SignatureHeaderAsync(payload, WebhookSecret));

    public async Task<JsonElement> GetOrderAsync(Guid orderId)
    {
        var response = await Admin().GetAsync($"/api/admin/orders/{orderId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> WaitForOrderStatusAsync(Guid orderId, string status, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + (timeout ?? TimeSpan.FromSeconds(20));
        JsonElement order;
        do
        {
            order = await GetOrderAsync(orderId);
            if (order.GetProperty("status").GetString() == status)
            {
                return order;
            }
            await Task.Delay(50);
        }
        while (TimeProvider.System.GetUtcNow().UtcDateTime < deadline);
        throw new TimeoutException($"Order {orderId} is '{order.GetProperty("status").GetString()}', not '{status}', after the timeout. Timeline: {order.GetProperty("timeline")}");
    }

    /// <summary>Waits until a condition on the database holds (the dispatcher runs in the background).</summary>
    public async Task WaitUntilAsync(Func<OrderlyDbContext, Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + (timeout ?? TimeSpan.FromSeconds(20));
        while (TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            if (await QueryAsync(condition))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Timed out waiting until {what}.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDir)
        {
            DeleteDataDir(DataDir);
        }
    }

    public const string ProviderVariable = "ORDERLY_TEST_PROVIDER";
    public const string PostgresVariable = "ORDERLY_TEST_POSTGRES";

    public static bool OnPostgres => string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The scale-out servers for a data directory, shared by every instance on it. On PostgreSQL: the
    /// database, and, when test.sh started RabbitMQ, the RabbitMQ transport with exchanges and queues
    /// named after the data directory (both test passes share one broker).
    /// </summary>
    public static Dictionary<string, string?> ServerSettings(string dataDir)
    {
        var settings = DatabaseSettings(dataDir);
        if (OnPostgres && Environment.GetEnvironmentVariable("ORDERLY_TEST_RABBITMQ") is { Length: > 0 } rabbitMq)
        {
            var prefix = RabbitMqPrefix(dataDir);
            settings["ConnectionStrings:RabbitMq"] = rabbitMq;
            settings["Messaging:Transport"] = "rabbitmq";
            settings["RabbitMq:QueuePrefix"] = prefix;
            settings["RabbitMq:Exchange"] = $"{prefix}.events";
        }
        return settings;
    }

    public static string RabbitMqPrefix(string dataDir) => "orderly.test." + Path.GetFileName(dataDir);

    /// <summary>Provider settings for a data directory; on PostgreSQL its database is created on first use.</summary>
    public static Dictionary<string, string?> DatabaseSettings(string dataDir)
    {
        if (!OnPostgres)
        {
            return [];
        }
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{ProviderVariable}=postgres needs {PostgresVariable} (run ./test.sh, it starts PostgreSQL).");
        var name = DatabaseName(dataDir);
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                create.ExecuteNonQuery();
            }
        }
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString,
        };
    }

    private static string DatabaseName(string dataDir) => "orderly_" + string.Concat(Path.GetFileName(dataDir).Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();

    public static void DeleteDataDir(string dataDir)
    {
        SqliteConnection.ClearAllPools();
        if (OnPostgres && Environment.GetEnvironmentVariable(PostgresVariable) is { } admin)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(dataDir)}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp space.
        }
    }
}
