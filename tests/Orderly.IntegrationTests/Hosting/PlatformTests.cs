using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Hosting;

public sealed class PlatformTests
{
    [Fact]
    public async Task Health_metrics_openapi_and_the_reference_ui_are_served()
    {
        await using var app = new OrderlyApp();
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live", ct));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready", ct));
        await app.CreateProductAsync("METRIC");
        await app.ImportKeysAsync("METRIC", ["M-1"]);
        await app.PlaceOrderAsync("metrics@example.com", ("METRIC", 1));
        var metrics = await client.GetStringAsync("/metrics", ct);
        Assert.Contains("orderly_orders_placed", metrics, StringComparison.Ordinal);
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/checkout", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/webhooks/stripe", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar", ct)).StatusCode);
    }

    [Fact]
    public async Task The_sqlite_migrations_cover_the_whole_model()
    {
        await using var app = new OrderlyApp();
        Assert.False(await app.QueryAsync(db => Task.FromResult(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database))),
            "The model has changes no migration captures: dotnet ef migrations add <Name> --project src/Orderly --context SqliteOrderlyDbContext --output-dir Persistence/Sqlite/Migrations");
    }

    [Fact]
    public async Task Admin_endpoints_need_the_admin_key()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var anonymous = await app.CreateClient().GetAsync("/api/admin/products", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("auth.unauthenticated", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());

        var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "oak_not_the_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/admin/products", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync("/api/admin/products", ct)).StatusCode);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","items":[{"sku":"X","quantity":1}]}""", 400, "request.invalid")]
    [InlineData("""{"email":"a@example.com","items":[]}""", 400, "request.invalid")]
    [InlineData("""{"email":"a@example.com","items":[{"sku":"X","quantity":0}]}""", 400, "request.invalid")]
    [InlineData("""{"email":"a@example.com","items":[{"sku":"NO-SUCH-SKU","quantity":1}]}""", 400, "catalog.product_not_found")]
    [InlineData("""{"email":"a@example.com","items":[{"sku":"X","quantity":""" + "\"many\"}]}", 400, "request.invalid")]
    [InlineData("not json", 400, "request.invalid")]
    public async Task Bad_checkout_input_gets_problem_json_with_a_stable_code_and_changes_nothing(string body, int status, string code)
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await app.CreateClient().PostAsync("/api/checkout", content, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
        Assert.Empty((await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/orders", ct)).EnumerateArray());
    }

    [Fact]
    public async Task Bad_product_input_lists_every_invalid_field_and_a_duplicate_sku_conflicts()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var invalid = await app.Admin().PostAsJsonAsync("/api/admin/products", new { sku = "bad sku!", name = "", kind = "digital", delivery = "code", price = new { amount = -1, currency = "eur" }, keySource = "generator" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var fields = (await invalid.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["sku", "name", "price.amount", "price.currency", "keyPattern"], fields);

        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("DUP-SKU")).StatusCode);
        var duplicate = await app.CreateProductAsync("DUP-SKU");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("catalog.duplicate_sku", (await duplicate.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_correlation_id_sent_by_the_caller_is_echoed()
    {
        await using var app = new OrderlyApp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        request.Headers.Add("X-Correlation-Id", "req-12345");
        var response = await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("req-12345", response.Headers.GetValues("X-Correlation-Id").Single());
    }
}
