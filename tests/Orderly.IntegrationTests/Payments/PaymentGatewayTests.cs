using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments;
using Orderly.Payments.Contracts;
using Orderly.Payments.WooCommerce;
using Orderly.Persistence;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orderly.IntegrationTests.Payments;

/// <summary>
/// Refund gateways, payment routes and the WooCommerce push-back against simulators of Stripe's,
/// PayPal's and WooCommerce's APIs that match method, path, auth header and body as the providers
/// document them (a request that does not match gets WireMock's 404).
/// </summary>
public sealed class PaymentGatewayTests : IAsyncDisposable
{
    private const string StripeKey = "sk_test_51OrderlyGatewayTestKey";
    private const string PayPalClient = PayPalApiSimulator.ClientId;
    private const string PayPalSecret = PayPalApiSimulator.ClientSecret;
    private const string PayPalToken = PayPalApiSimulator.Token;
    private const string WooKey = "ck_4d1e8f0a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e";
    private const string WooSecret = "cs_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly Published<PaymentSucceeded> _payments = new();

    private OrderlyApp App() => new(new Dictionary<string, string?>
    {
        ["Payments:Stripe:SecretKey"] = StripeKey,
        ["Payments:Stripe:ApiBase"] = _api.Url,
        ["Payments:PayPal:ClientId"] = PayPalClient,
        ["Payments:PayPal:ClientSecret"] = PayPalSecret,
        ["Payments:PayPal:ApiBase"] = _api.Url,
        ["Payments:WooCommerce:BaseUrl"] = _api.Url,
        ["Payments:WooCommerce:ConsumerKey"] = WooKey,
        ["Payments:WooCommerce:ConsumerSecret"] = WooSecret,
        ["Payments:WooCommerce:WebhookSecret"] = WooSender.Secret,
    }, _payments.Register);

    private static readonly DateTime Now = TimeProvider.System.GetUtcNow().UtcDateTime;

    private static string Basic(string user, string password) => PayPalApiSimulator.Basic(user, password);

    private static IRefundGateway Gateway(OrderlyApp app, string provider) =>
        app.Services.GetServices<IRefundGateway>().Single(g => g.Provider == provider);

    private static IPaymentRoute Route(OrderlyApp app, string method) =>
        app.Services.GetServices<IPaymentRoute>().Single(r => r.Method == method);

    private static Func<IDictionary<string, string>?, bool> Form(params (string Key, string Value)[] fields) =>
        form => form is not null && fields.All(f => form.TryGetValue(f.Key, out var value) && value == f.Value);

    private List<WireMock.Logging.ILogEntry> Received(string path) => _api.LogEntries.Where(e => e.RequestMessage.Path == path).ToList();

    private void PayPalToken_() => PayPalApiSimulator.TokenEndpoint(_api);

    [Fact]
    public async Task A_Stripe_refund_goes_to_the_Refunds_API_with_the_payment_intent_amount_and_metadata()
    {
        await using var app = App();
        var order = Guid.CreateVersion7();
        var line = Guid.CreateVersion7();
        _api.Given(Request.Create().WithPath("/v1/refunds").UsingPost()
                .WithHeader("Authorization", $"Bearer {StripeKey}")
                .WithBody(Form(("payment_intent", "pi_3Gateway"), ("amount", "500"), ("metadata[order_id]", order.ToString()), ("metadata[order_line_ids]", line.ToString()))))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"id":"re_3GatewayRefund","object":"refund","amount":500,"balance_transaction":"txn_1","charge":"ch_3Gateway","created":1763856000,"currency":"eur",
                 "metadata":{"order_id":"{{order}}","order_line_ids":"{{line}}"},"payment_intent":"pi_3Gateway","reason":"requested_by_customer","receipt_number":null,"status":"succeeded"}
                """));

        var result = await Gateway(app, "stripe").RefundAsync(new PaymentRecord(order, "stripe", "pi_3Gateway", 2000, "EUR", Now), 500, "requested_by_customer", [line], TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayRefund(true, "re_3GatewayRefund", null), result);
        var request = Assert.Single(Received("/v1/refunds")).RequestMessage;
        Assert.StartsWith("orderly-refund-", request.Headers!["Idempotency-Key"].Single(), StringComparison.Ordinal);
        Assert.Equal("requested_by_customer", HttpUtility.ParseQueryString(request.Body!)["reason"]);
        // The webhook that reports this refund later finds it in the ledger.
        Assert.True(await app.QueryAsync(db => db.Set<ReportedRefund>().AnyAsync(r => r.Provider == "stripe" && r.RefundId == "re_3GatewayRefund" && r.Amount == 500)));
    }

    [Fact]
    public async Task A_refund_Stripe_refuses_fails_with_Stripes_reason_and_no_secret()
    {
        await using var app = App();
        _api.Given(Request.Create().WithPath("/v1/refunds").UsingPost().WithHeader("Authorization", $"Bearer {StripeKey}"))
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""
                {"error":{"code":"charge_already_refunded","doc_url":"https://stripe.com/docs/error-codes/charge-already-refunded","message":"Charge ch_3Gateway has already been refunded.","type":"invalid_request_error"}}
                """));

        var result = await Gateway(app, "stripe").RefundAsync(new PaymentRecord(Guid.CreateVersion7(), "stripe", "pi_3Gateway", 2000, "EUR", Now), 2000, "requested_by_customer", [], TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("charge_already_refunded", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(StripeKey, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Set<ReportedRefund>().CountAsync()));
    }

    [Fact]
    public async Task A_PayPal_refund_takes_a_client_credentials_token_and_refunds_the_capture_with_a_request_id()
    {
        await using var app = App();
        PayPalToken_();
        _api.Given(Request.Create().WithPath("/v2/payments/captures/2GG279541U471931P/refund").UsingPost()
                .WithHeader("Authorization", $"Bearer {PayPalToken}")
                .WithHeader("PayPal-Request-Id", "orderly-refund-*")
                .WithBody(new JsonPartialMatcher(new { amount = new { value = "5.00", currency_code = "EUR" } })))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""
                {"id":"1JU08902781691411","status":"COMPLETED","links":[{"rel":"self","method":"GET","href":"https://api.paypal.com/v2/payments/refunds/1JU08902781691411"},
                 {"rel":"up","method":"GET","href":"https://api.paypal.com/v2/payments/captures/2GG279541U471931P"}]}
                """));
        var gateway = Gateway(app, "paypal");
        var payment = new PaymentRecord(Guid.CreateVersion7(), "paypal", "2GG279541U471931P", 2000, "EUR", Now);

        Assert.Equal(new GatewayRefund(true, "1JU08902781691411", null), await gateway.RefundAsync(payment, 500, "Defective", [], TestContext.Current.CancellationToken));
        Assert.True((await gateway.RefundAsync(payment, 500, "Defective", [], TestContext.Current.CancellationToken)).Succeeded);

        // The token is kept for its lifetime; the same refund asked twice carries the same request id.
        Assert.Single(Received("/v1/oauth2/token"));
        var refunds = Received("/v2/payments/captures/2GG279541U471931P/refund");
        Assert.Equal(2, refunds.Count);
        Assert.Single(refunds.Select(r => r.RequestMessage.Headers!["PayPal-Request-Id"].Single()).Distinct());
    }

    [Fact]
    public async Task A_WooCommerce_refund_posts_an_api_refund_with_basic_auth()
    {
        await using var app = App();
        _api.Given(Request.Create().WithPath("/wp-json/wc/v3/orders/727/refunds").UsingPost()
                .WithHeader("Authorization", Basic(WooKey, WooSecret))
                .WithBody(new JsonPartialMatcher(new { amount = "5.00", reason = "Defective", api_refund = true })))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""
                {"id":726,"date_created":"2026-11-23T01:00:00","date_created_gmt":"2026-11-23T01:00:00","amount":"5.00","reason":"Defective","refunded_by":1,"refunded_payment":true,"meta_data":[],"line_items":[]}
                """));

        var result = await Gateway(app, "woocommerce").RefundAsync(new PaymentRecord(Guid.CreateVersion7(), "woocommerce", "727", 2000, "EUR", Now), 500, "Defective", [], TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayRefund(true, "woo-refund-726", null), result);
        Assert.Single(Received("/wp-json/wc/v3/orders/727/refunds"));
    }

    [Fact]
    public async Task The_Stripe_Checkout_route_creates_a_session_that_names_the_order()
    {
        await using var app = App();
        var order = Guid.CreateVersion7();
        _api.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost()
                .WithHeader("Authorization", $"Bearer {StripeKey}")
                .WithBody(Form(("mode", "payment"), ("metadata[order_id]", order.ToString()), ("client_reference_id", order.ToString()),
                    ("payment_intent_data[metadata][order_id]", order.ToString()), ("customer_email", "buyer@example.com"),
                    ("success_url", "https://shop.example/thanks"), ("cancel_url", "https://shop.example/cart"),
                    ("line_items[0][quantity]", "2"), ("line_items[0][price_data][currency]", "eur"), ("line_items[0][price_data][unit_amount]", "1500"),
                    ("line_items[0][price_data][product_data][name]", "Product A"))))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"id":"cs_test_a1Gateway","object":"checkout.session","mode":"payment","status":"open","payment_status":"unpaid","amount_total":3000,"currency":"eur",
                 "client_reference_id":"{{order}}","metadata":{"order_id":"{{order}}"},"url":"https://checkout.stripe.com/c/pay/cs_test_a1Gateway"}
                """));

        var start = await Route(app, PaymentMethods.StripeCheckout).StartAsync(
            new PaymentStartRequest(order, "buyer@example.com", 3000, "EUR", [new PaymentStartLine("SKU-A", "Product A", 2, 1500)], "https://shop.example/thanks", "https://shop.example/cart", false),
            TestContext.Current.CancellationToken);

        Assert.Equal(("https://checkout.stripe.com/c/pay/cs_test_a1Gateway", "cs_test_a1Gateway"), (start.RedirectUrl, start.ProviderReference));
        Assert.Single(Received("/v1/checkout/sessions"));
    }

    [Fact]
    public async Task The_PayPal_route_creates_a_capture_order_with_the_order_as_custom_id_and_returns_the_approve_link()
    {
        await using var app = App();
        var order = Guid.CreateVersion7();
        PayPalToken_();
        _api.Given(Request.Create().WithPath("/v2/checkout/orders").UsingPost()
                .WithHeader("Authorization", $"Bearer {PayPalToken}")
                .WithBody(new JsonPartialMatcher(new { intent = "CAPTURE", purchase_units = new[] { new { custom_id = order.ToString(), amount = new { currency_code = "EUR", value = "30.00" } } } })))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""
                {"id":"5O190127TN364715T","status":"CREATED","links":[{"href":"https://api.paypal.com/v2/checkout/orders/5O190127TN364715T","rel":"self","method":"GET"},
                 {"href":"https://www.paypal.com/checkoutnow?token=5O190127TN364715T","rel":"approve","method":"GET"},
                 {"href":"https://api.paypal.com/v2/checkout/orders/5O190127TN364715T/capture","rel":"capture","method":"POST"}]}
                """));

        var start = await Route(app, PaymentMethods.PayPal).StartAsync(
            new PaymentStartRequest(order, "buyer@example.com", 3000, "EUR", [new PaymentStartLine("SKU-A", "Product A", 2, 1500)], "https://shop.example/thanks", "https://shop.example/cart", false),
            TestContext.Current.CancellationToken);

        Assert.Equal(("https://www.paypal.com/checkoutnow?token=5O190127TN364715T", "5O190127TN364715T"), (start.RedirectUrl, start.ProviderReference));
        Assert.Single(Received("/v2/checkout/orders"));
    }

    [Fact]
    public async Task The_WooCommerce_route_creates_the_Woo_order_and_its_webhook_then_pays_the_same_Orderly_order()
    {
        await using var app = App();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-WR", price: 1500)).StatusCode);
        await app.ImportKeysAsync("SKU-WR", ["WR-1", "WR-2"]);
        var email = $"wr-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("SKU-WR", 2));
        _api.Given(Request.Create().WithPath("/wp-json/wc/v3/orders").UsingPost()
                .WithHeader("Authorization", Basic(WooKey, WooSecret))
                .WithBody(new JsonPartialMatcher(new
                {
                    set_paid = false,
                    billing = new { email },
                    line_items = new[] { new { sku = "SKU-WR", quantity = 2 } },
                    meta_data = new[] { new { key = "orderly_order_id", value = orderId.ToString() } },
                })))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""
                {"id":727,"status":"pending","currency":"EUR","total":"30.00","payment_url":"https://shop.example.com/checkout/order-pay/727/?pay_for_order=true&key=wc_order_58d2d042d1d"}
                """));

        var start = await Route(app, PaymentMethods.WooCommerce).StartAsync(
            new PaymentStartRequest(orderId, email, total, "EUR", [new PaymentStartLine("SKU-WR", "Product SKU-WR", 2, 1500)], "https://shop.example/thanks", "https://shop.example/cart", false),
            TestContext.Current.CancellationToken);
        Assert.Equal(("https://shop.example.com/checkout/order-pay/727/?pay_for_order=true&key=wc_order_58d2d042d1d", "727"), (start.RedirectUrl, start.ProviderReference));

        // Woo's webhook for the paid order names the store by its own address and carries the meta.
        var paid = JsonSerializer.Serialize(new
        {
            id = 727, status = "processing", currency = "EUR", total = "30.00", date_modified_gmt = "2026-11-23T01:00:00",
            billing = new { email }, line_items = new[] { new { sku = "SKU-WR", quantity = 2 } },
            meta_data = new[] { new { id = 1, key = "orderly_order_id", value = orderId.ToString() } },
        });
        using var webhook = WooSender.Request(paid);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(webhook, TestContext.Current.CancellationToken)).StatusCode);

        var payment = Assert.Single(await _payments.WaitForAsync(1));
        Assert.Equal((orderId, "woocommerce", "727", 3000L), (payment.OrderId, payment.Provider, payment.ProviderPaymentId, payment.Amount));
        Assert.Equal(1, await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync()));
        await app.WaitForOrderStatusAsync(orderId, "completed");
    }

    [Fact]
    public async Task An_Orderly_status_change_of_a_Woo_order_is_pushed_back_once_and_not_echoed()
    {
        await using var app = App();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-WP", price: 1000)).StatusCode);
        await app.ImportKeysAsync("SKU-WP", ["WP-1"]);
        _api.Given(Request.Create().WithPath("/wp-json/wc/v3/orders/812").UsingPut()
                .WithHeader("Authorization", Basic(WooKey, WooSecret))
                .WithBody(new JsonPartialMatcher(new { status = "completed" })))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"id":812,"status":"completed"}"""));
        using (var created = WooSender.Request(WooSender.Order(812, "processing", new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc), "10.00", "wp@example.com", ("SKU-WP", 1)), "order.created"))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(created, TestContext.Current.CancellationToken)).StatusCode);
        }
        var orderId = (await app.QueryAsync(db => db.Set<WooOrderLink>().SingleAsync(l => l.WooOrderId == 812))).OrderId;

        // Woo's "processing" paid the order; Orderly fulfils it and completes it. Processing came from
        // Woo itself and is not sent back; completed is pushed.
        await app.WaitForOrderStatusAsync(orderId, "completed");
        await app.WaitUntilAsync(db => db.Set<WooOrderLink>().AnyAsync(l => l.WooOrderId == 812 && l.LastStatusPushed == "completed"), "the completed status is pushed");
        // The same change delivered again (a redelivery): Woo shows it already.
        await PublishAsync(app, new OrderStatusChanged(orderId, OrderStatus.Processing, OrderStatus.Completed, "fulfilled", Now));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var put = Assert.Single(_api.LogEntries, e => e.RequestMessage.Method == "PUT");
        Assert.Equal("/wp-json/wc/v3/orders/812", put.RequestMessage.Path);
        Assert.Equal(200, put.ResponseMessage.StatusCode);
    }

    private static async Task PublishAsync(OrderlyApp app, OrderStatusChanged message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(TestContext.Current.CancellationToken);
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(message);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _api.Stop();
        _api.Dispose();
        return ValueTask.CompletedTask;
    }
}
