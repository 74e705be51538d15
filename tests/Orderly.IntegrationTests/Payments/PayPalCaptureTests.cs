using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Payments;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Payments;

/// <summary>
/// The paypal route end to end against a simulator of PayPal's REST API (token, Orders v2 create,
/// capture and show, as PayPal documents them): checkout, the buyer's return from PayPal, the
/// capture, the payment and the fulfilment.
/// </summary>
public sealed class PayPalCaptureTests : IAsyncDisposable
{
    private const string PayPalToken = PayPalApiSimulator.Token;
    private const string PayPalOrder = "5O190127TN364715T";

    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly PayPalSender _sender = new();

    private OrderlyApp App() => new(new Dictionary<string, string?>
    {
        ["Payments:PayPal:ClientId"] = PayPalApiSimulator.ClientId,
        ["Payments:PayPal:ClientSecret"] = PayPalApiSimulator.ClientSecret,
        ["Payments:PayPal:ApiBase"] = _api.Url,
        ["Payments:PayPal:WebhookId"] = PayPalSender.WebhookId,
    }, _sender.Register);

    private List<WireMock.Logging.ILogEntry> Received(string path) => _api.LogEntries.Where(e => e.RequestMessage.Path == path).ToList();

    private static string ThankYou(Guid orderId) => $"http://orderly.test/checkout/complete?order_id={orderId}";

    /// <summary>The token and order-creation endpoints, answered as PayPal answers them.</summary>
    private void PayPalCheckout()
    {
        PayPalApiSimulator.TokenEndpoint(_api);
        _api.Given(Request.Create().WithPath("/v2/checkout/orders").UsingPost().WithHeader("Authorization", $"Bearer {PayPalToken}")
                .WithBody(new JsonPartialMatcher(new { intent = "CAPTURE" })))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"id":"{{PayPalOrder}}","status":"PAYER_ACTION_REQUIRED","links":[{"href":"https://api.paypal.com/v2/checkout/orders/{{PayPalOrder}}","rel":"self","method":"GET"},
                 {"href":"https://www.paypal.com/checkoutnow?token={{PayPalOrder}}","rel":"payer-action","method":"GET"}]}
                """));
    }

    /// <summary>The capture endpoint, only for the bearer token and the order's own request id.</summary>
    private IRespondWithAProvider CaptureRequest() =>
        _api.Given(Request.Create().WithPath($"/v2/checkout/orders/{PayPalOrder}/capture").UsingPost()
            .WithHeader("Authorization", $"Bearer {PayPalToken}")
            .WithHeader("PayPal-Request-Id", $"capture-{PayPalOrder}"));

    private static string CaptureAnswer(Guid orderId, string captureId, string status = "COMPLETED") => $$$"""
        {"id":"{{{PayPalOrder}}}","status":"COMPLETED","payment_source":{"paypal":{"email_address":"buyer@example.com","account_id":"QYR5Z8XDVJNXQ"}},
         "purchase_units":[{"reference_id":"default","payments":{"captures":[{"id":"{{{captureId}}}","status":"{{{status}}}",
           "amount":{"currency_code":"EUR","value":"19.99"},"final_capture":true,"custom_id":"{{{orderId}}}","invoice_id":"{{{orderId}}}",
           "seller_protection":{"status":"ELIGIBLE"},"create_time":"2026-11-23T00:00:00Z","update_time":"2026-11-23T00:00:00Z"}]}}],
         "payer":{"email_address":"buyer@example.com","payer_id":"QYR5Z8XDVJNXQ"},
         "links":[{"href":"https://api.paypal.com/v2/checkout/orders/{{{PayPalOrder}}}","rel":"self","method":"GET"}]}
        """;

    private sealed record Placed(OrderlyApp App, Guid OrderId, string Email, Uri ReturnUrl);

    /// <summary>Checks out with paypal and reads the return address Orderly gave PayPal.</summary>
    private async Task<Placed> PlaceWithPayPalAsync()
    {
        var app = App();
        PayPalCheckout();
        await KeyProductAsync(app, "PPC-KEY", 1, price: 1999);
        var email = NewEmail();
        var placed = await Json(await Orderly.IntegrationTests.Checkout.CheckoutShop.CheckoutAsync(app, new { email, items = Items(("PPC-KEY", 1)), paymentMethod = "paypal" }), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.Equal($"https://www.paypal.com/checkoutnow?token={PayPalOrder}", placed.GetProperty("payment").GetProperty("redirectUrl").GetString());

        var created = JsonDocument.Parse(Assert.Single(Received("/v2/checkout/orders")).RequestMessage.Body!).RootElement;
        var returnUrl = created.GetProperty("application_context").GetProperty("return_url").GetString()!;
        Assert.Equal($"http://orderly.test/payments/paypal/return?order={orderId}", returnUrl);
        Assert.Equal(orderId.ToString(), created.GetProperty("purchase_units")[0].GetProperty("custom_id").GetString());
        return new Placed(app, orderId, email, new Uri(returnUrl));
    }

    /// <summary>What PayPal does after approval: redirect the buyer to return_url with its order id and the payer's id.</summary>
    private static async Task<HttpResponseMessage> ReturnAsync(OrderlyApp app, Uri returnUrl, string token = PayPalOrder)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await client.GetAsync($"{returnUrl.PathAndQuery}&token={token}&PayerID=QYR5Z8XDVJNXQ", TestContext.Current.CancellationToken);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString();
    }

    [Fact]
    public async Task The_approved_order_is_captured_with_the_token_and_request_id_then_paid_and_fulfilled()
    {
        var placed = await PlaceWithPayPalAsync();
        await using var app = placed.App;
        var (orderId, returnUrl) = (placed.OrderId, placed.ReturnUrl);
        var email = placed.Email;
        var captureId = PayPalEvents.Capture();
        CaptureRequest().RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(CaptureAnswer(orderId, captureId)));

        var response = await ReturnAsync(app, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ThankYou(orderId), response.Headers.Location!.OriginalString);
        var capture = Assert.Single(Received($"/v2/checkout/orders/{PayPalOrder}/capture")).RequestMessage;
        Assert.Equal($"Bearer {PayPalToken}", capture.Headers!["Authorization"].Single());
        Assert.Equal($"capture-{PayPalOrder}", capture.Headers["PayPal-Request-Id"].Single());
        var payment = await app.QueryAsync(db => db.Set<Payment>().SingleAsync(p => p.OrderId == orderId));
        Assert.Equal(("paypal", captureId, 1999L, "EUR"), (payment.Provider, payment.ProviderPaymentId, payment.Amount, payment.Currency));
        Assert.True(await app.QueryAsync(db => db.Set<WebhookEvent>().AnyAsync(e => e.Provider == "paypal" && e.EventId == $"capture:{captureId}" && e.OrderId == orderId)));

        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = Assert.Single(await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)));
        Assert.Contains("PPC-KEY-", mail.HtmlBody ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_return_captures_with_the_same_request_id_and_the_later_webhook_finds_the_order_paid()
    {
        var placed = await PlaceWithPayPalAsync();
        await using var app = placed.App;
        var (orderId, returnUrl) = (placed.OrderId, placed.ReturnUrl);
        var captureId = PayPalEvents.Capture();
        CaptureRequest().RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(CaptureAnswer(orderId, captureId)));

        var first = await ReturnAsync(app, returnUrl);
        var second = await ReturnAsync(app, returnUrl);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(ThankYou(orderId), second.Headers.Location!.OriginalString);
        var captures = Received($"/v2/checkout/orders/{PayPalOrder}/capture");
        Assert.Equal(2, captures.Count);
        Assert.All(captures, c => Assert.Equal($"capture-{PayPalOrder}", c.RequestMessage.Headers!["PayPal-Request-Id"].Single()));
        Assert.Single(Received("/v1/oauth2/token"));

        // PayPal's webhook for the same capture arrives afterwards.
        using var webhook = _sender.Request(PayPalEvents.CaptureCompleted(orderId, "19.99", captureId: captureId));
        var delivered = await app.CreateClient().SendAsync(webhook, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("already_paid", (await delivered.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("outcome").GetString());

        Assert.Equal(1, await app.QueryAsync(db => db.Set<Payment>().CountAsync(p => p.OrderId == orderId)));
        await app.WaitForOrderStatusAsync(orderId, "completed");
    }

    [Fact]
    public async Task A_declined_capture_records_the_failure_and_sends_the_buyer_back_with_payment_failed()
    {
        var placed = await PlaceWithPayPalAsync();
        await using var app = placed.App;
        var (orderId, returnUrl) = (placed.OrderId, placed.ReturnUrl);
        CaptureRequest().RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json").WithBody($$"""
            {"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"INSTRUMENT_DECLINED","description":"The instrument presented was either declined by the processor or bank, or it can't be used for this payment."}],
             "message":"The requested action could not be performed, semantically incorrect, or failed business validation.","debug_id":"90957fca61718",
             "links":[{"href":"https://www.paypal.com/checkoutnow?token={{PayPalOrder}}","rel":"redirect","method":"GET"}]}
            """));
        _api.Given(Request.Create().WithPath($"/v2/checkout/orders/{PayPalOrder}").UsingGet().WithHeader("Authorization", $"Bearer {PayPalToken}"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"id":"{{PayPalOrder}}","intent":"CAPTURE","status":"APPROVED",
                 "purchase_units":[{"reference_id":"default","amount":{"currency_code":"EUR","value":"19.99"},"custom_id":"{{orderId}}","invoice_id":"{{orderId}}"}]}
                """));

        var response = await ReturnAsync(app, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ThankYou(orderId) + "&payment=failed", response.Headers.Location!.OriginalString);
        Assert.Single(Received($"/v2/checkout/orders/{PayPalOrder}/capture"));
        Assert.Single(Received($"/v2/checkout/orders/{PayPalOrder}"));
        await app.WaitForOrderStatusAsync(orderId, "failed");
        Assert.False(await app.QueryAsync(db => db.Set<Payment>().AnyAsync(p => p.OrderId == orderId)));
    }

    [Fact]
    public async Task An_unknown_or_missing_token_is_refused_and_records_nothing()
    {
        var placed = await PlaceWithPayPalAsync();
        await using var app = placed.App;
        var (orderId, returnUrl) = (placed.OrderId, placed.ReturnUrl);
        _api.Given(Request.Create().WithPath("/v2/checkout/orders/0NOSUCHORDER00000/capture").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody("""
                {"name":"RESOURCE_NOT_FOUND","details":[{"field":"order_id","value":"0NOSUCHORDER00000","location":"path","issue":"INVALID_RESOURCE_ID","description":"Specified resource ID does not exist."}],"debug_id":"f1c2a6a1b8b1d"}
                """));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal("payments.paypal_unknown_order", await CodeAsync(await ReturnAsync(app, returnUrl, "0NOSUCHORDER00000")));
        Assert.Equal("payments.paypal_unknown_order", await CodeAsync(await client.GetAsync(returnUrl.PathAndQuery, TestContext.Current.CancellationToken)));
        Assert.Equal("payments.paypal_unknown_order", await CodeAsync(await ReturnAsync(app, returnUrl, "..%2F..%2Fv1%2Foauth2")));

        Assert.Single(Received("/v2/checkout/orders/0NOSUCHORDER00000/capture"));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
        Assert.Equal("pending", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PayPal_unavailable_is_a_502_and_nothing_is_recorded()
    {
        var placed = await PlaceWithPayPalAsync();
        await using var app = placed.App;
        var (orderId, returnUrl) = (placed.OrderId, placed.ReturnUrl);
        CaptureRequest().RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json").WithBody("""
            {"name":"SERVICE_UNAVAILABLE","message":"Service Unavailable.","debug_id":"90957fca61718"}
            """));

        var response = await ReturnAsync(app, returnUrl);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("payments.provider_unavailable", await CodeAsync(response));
        Assert.DoesNotContain(PayPalToken, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
        Assert.False(await app.QueryAsync(db => db.Set<Payment>().AnyAsync(p => p.OrderId == orderId)));
    }

    public ValueTask DisposeAsync()
    {
        _api.Stop();
        _api.Dispose();
        _sender.Dispose();
        return ValueTask.CompletedTask;
    }
}
