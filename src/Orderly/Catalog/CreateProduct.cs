using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary><c>POST /api/admin/products</c>: adds a product and starts tracking its stock.</summary>
public sealed record CreateProductRequest(
    string? Sku,
    string? Name,
    string? Kind,
    string? Delivery,
    PriceRequest? Price,
    string? KeySource,
    string? KeyPattern,
    int? LowStockThreshold);

public sealed record PriceRequest(long Amount, string? Currency);

public sealed record ProductResponse(
    Guid Id, string Sku, string Name, string Kind, string Delivery, PriceResponse Price,
    string KeySource, string? KeyPattern, int LowStockThreshold, ProductFileResponse? File, DateTime CreatedAt);

public sealed record PriceResponse(long Amount, string Currency);

public sealed record ProductFileResponse(string Name, long Length, string Sha256);

internal static partial class CreateProduct
{
    public abstract record Outcome
    {
        public sealed record Created(Product Product) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record DuplicateSku(string Sku) : Outcome;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex SkuPattern();

    /// <summary>Pure validation: turns a request into a product or a list of field errors.</summary>
    public static (Product? Product, List<ValidationError> Errors) Decide(CreateProductRequest request, Guid id, DateTime now)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Sku) || !SkuPattern().IsMatch(request.Sku))
        {
            errors.Add(new("sku", "is required: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add(new("name", "is required, at most 200 characters."));
        }
        var kind = request.Kind?.ToLowerInvariant() switch
        {
            "digital" => ProductKind.Digital,
            "physical" => ProductKind.Physical,
            _ => (ProductKind?)null,
        };
        if (kind is null)
        {
            errors.Add(new("kind", "must be 'digital' or 'physical'."));
        }
        var delivery = (kind, request.Delivery?.ToLowerInvariant()) switch
        {
            (ProductKind.Physical, null or "shipment") => DeliveryKind.Shipment,
            (ProductKind.Digital, "code") => DeliveryKind.Code,
            (ProductKind.Digital, "file") => DeliveryKind.File,
            (ProductKind.Digital, "mixed") => DeliveryKind.Mixed,
            _ => (DeliveryKind?)null,
        };
        if (kind is not null && delivery is null)
        {
            errors.Add(new("delivery", kind == ProductKind.Physical
                ? "physical products are shipped: omit delivery or send 'shipment'."
                : "must be 'code', 'file' or 'mixed'."));
        }
        if (request.Price is null || request.Price.Amount < 0 || request.Price.Amount > 1_000_000_000_00)
        {
            errors.Add(new("price.amount", "is required: a non-negative amount in minor units (cents)."));
        }
        if (request.Price is not null && !Money.IsCurrencyCode(request.Price.Currency))
        {
            errors.Add(new("price.currency", "must be an ISO 4217 code in upper case, e.g. EUR."));
        }
        var needsCodes = delivery is DeliveryKind.Code or DeliveryKind.Mixed;
        var keySource = (needsCodes, request.KeySource?.ToLowerInvariant()) switch
        {
            (true, "pool" or null) => Contracts.KeySource.Pool,
            (true, "generator") => Contracts.KeySource.Generator,
            (false, null or "none") => Contracts.KeySource.None,
            _ => (KeySource?)null,
        };
        if (delivery is not null && keySource is null)
        {
            errors.Add(new("keySource", needsCodes ? "must be 'pool' or 'generator'." : "only products that deliver codes have a key source."));
        }
        if (keySource == Contracts.KeySource.Generator)
        {
            if (!KeyPatterns.TryValidate(request.KeyPattern, out var patternError))
            {
                errors.Add(new("keyPattern", patternError));
            }
        }
        else if (request.KeyPattern is not null)
        {
            errors.Add(new("keyPattern", "is only used with keySource 'generator'."));
        }
        if (request.LowStockThreshold is < 0 or > 10_000_000)
        {
            errors.Add(new("lowStockThreshold", "must be between 0 and 10000000."));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var threshold = request.LowStockThreshold ?? (keySource == Contracts.KeySource.Generator ? 0 : kind == ProductKind.Physical ? 5 : 10);
        return (new Product
        {
            Id = id,
            Sku = request.Sku!,
            Name = request.Name!.Trim(),
            Kind = kind!.Value,
            Delivery = delivery!.Value,
            PriceAmount = request.Price!.Amount,
            Currency = request.Price.Currency!,
            KeySource = keySource!.Value,
            KeyPattern = keySource == Contracts.KeySource.Generator ? request.KeyPattern : null,
            LowStockThreshold = threshold,
            CreatedAt = now,
            UpdatedAt = now,
        }, errors);
    }

    internal sealed class Handler(OrderlyDbContext db, IStockLedger ledger, IAdminActionLog adminLog, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(CreateProductRequest request, CancellationToken ct)
        {
            var (product, errors) = Decide(request, Guid.CreateVersion7(time.GetUtcNow()), time.GetUtcNow().UtcDateTime);
            if (product is null)
            {
                return new Outcome.Invalid(errors);
            }
            if (await db.Set<Product>().AnyAsync(p => p.Sku == product.Sku, ct))
            {
                return new Outcome.DuplicateSku(product.Sku);
            }
            db.Set<Product>().Add(product);
            // A generator has no ceiling; files alone need no stock either.
            var unlimited = product.KeySource == Contracts.KeySource.Generator || product.Delivery == DeliveryKind.File;
            ledger.Track(product.Id, product.Sku, product.LowStockThreshold, unlimited);
            adminLog.Record("ProductCreated", null, new { product.Sku, product.Name });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Lost a race with a concurrent create of the same SKU (the unique index decided).
                return new Outcome.DuplicateSku(product.Sku);
            }
            return new Outcome.Created(product);
        }
    }

    public static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> EndpointAsync(CreateProductRequest request, Handler handler, ICatalogChanges changes, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(request, ct);
        if (outcome is Outcome.Created created)
        {
            await changes.ProductsChangedAsync([created.Product.Id], ct);
        }
        return outcome switch
        {
            Outcome.Created c => TypedResults.Created($"/api/admin/products/{c.Product.Sku}", c.Product.ToResponse()),
            Outcome.DuplicateSku d => Problems.Conflict(CatalogErrors.DuplicateSku, $"A product with SKU '{d.Sku}' already exists."),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
    }
}

internal static class ProductMapping
{
    public static ProductResponse ToResponse(this Product p) => new(
        p.Id, p.Sku, p.Name, Snake(p.Kind.ToString()), Snake(p.Delivery.ToString()), new PriceResponse(p.PriceAmount, p.Currency),
        Snake(p.KeySource.ToString()), p.KeyPattern, p.LowStockThreshold,
        p.FileName is null ? null : new ProductFileResponse(p.FileName, p.FileLength ?? 0, p.FileSha256 ?? ""),
        p.CreatedAt);

    private static string Snake(string value) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value);
}
