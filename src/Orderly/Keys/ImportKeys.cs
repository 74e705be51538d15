using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Keys.Crypto;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary>
/// Imports codes into a pool: one per line (text) or the first column (CSV, optional header).
/// Codes are deduplicated within the file and against the pool by blind index, encrypted, stored,
/// and added to available stock — all in the caller's transaction, so an import lands whole or not at all.
/// Announces <see cref="KeysImported"/> with it.
/// </summary>
internal sealed class KeyImporter(OrderlyDbContext db, KeyRing ring, IStockLedger ledger, IOutbox outbox, TimeProvider time) : IKeyImporter
{
    public const int MaxKeyLength = 256;

    public async Task<KeyImportResult> ImportAsync(Guid productId, TextReader content, bool csv, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedLine>();
        var accepted = new List<(string Code, byte[] Index)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var indexKey = ring.IndexKey;

        await foreach (var (line, raw) in ReadAsync(content, csv, cancellationToken))
        {
            var code = raw.Trim();
            if (code.Length == 0 || code.StartsWith('#'))
            {
                continue;
            }
            if (code.Length > MaxKeyLength)
            {
                rejected.Add(new RejectedLine(line, $"longer than {MaxKeyLength} characters"));
                continue;
            }
            if (code.Any(char.IsControl))
            {
                rejected.Add(new RejectedLine(line, "contains control characters"));
                continue;
            }
            var index = BlindIndex.Compute(indexKey, code);
            if (!seen.Add(Convert.ToHexString(index)))
            {
                duplicates++;
                continue;
            }
            accepted.Add((code, index));
        }

        // Against the pool, in chunks small enough for any provider's parameter limit.
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in accepted.Select(a => a.Index).Chunk(500))
        {
            var found = await db.Set<LicenseKey>().AsNoTracking()
                .Where(k => k.ProductId == productId && chunk.Contains(k.BlindIndex))
                .Select(k => k.BlindIndex).ToListAsync(cancellationToken);
            existing.UnionWith(found.Select(Convert.ToHexString));
        }

        var (keyId, key) = await ring.ActiveAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var imported = 0;
        foreach (var (code, index) in accepted)
        {
            if (existing.Contains(Convert.ToHexString(index)))
            {
                duplicates++;
                continue;
            }
            db.Set<LicenseKey>().Add(new LicenseKey
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                ProductId = productId,
                BlindIndex = index,
                Ciphertext = KeyCipher.Encrypt(key, keyId, KeyRing.CodePurpose, code),
                DataKeyId = keyId,
                Status = KeyStatus.Available,
                CreatedAt = now,
            });
            imported++;
        }
        if (imported > 0)
        {
            // Orders waiting for this product go on at once (Fulfillment listens).
            outbox.Enqueue(new KeysImported(productId, imported));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (imported > 0)
        {
            await ledger.ReceiveAsync(productId, imported, cancellationToken);
        }
        return new KeyImportResult(imported, duplicates, rejected);
    }

    private static async IAsyncEnumerable<(int Line, string Value)> ReadAsync(TextReader content, bool csv, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!csv)
        {
            var number = 0;
            while (await content.ReadLineAsync(cancellationToken) is { } line)
            {
                yield return (++number, line);
            }
            yield break;
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null, MissingFieldFound = null };
        using var reader = new CsvReader(content, configuration, leaveOpen: true);
        var first = true;
        while (await reader.ReadAsync())
        {
            var value = reader.GetField(0) ?? "";
            if (first && value.Trim().ToUpperInvariant() is "KEY" or "CODE" or "LICENSE_KEY" or "LICENSE KEY" or "SERIAL")
            {
                first = false;
                continue;
            }
            first = false;
            yield return (reader.Parser.RawRow, value);
        }
    }
}

/// <summary><c>POST /api/admin/products/{sku}/keys</c> with <c>text/plain</c> (one per line) or <c>text/csv</c>.</summary>
internal static class ImportKeys
{
    public sealed record ImportKeysResponse(int Imported, int Duplicates, int Rejected, IReadOnlyList<RejectedLine> Errors);

    public abstract record Outcome
    {
        public sealed record Imported(KeyImportResult Result) : Outcome;
        public sealed record ProductNotFound(string Sku) : Outcome;
        public sealed record NotAPool(string Sku) : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IProductCatalog catalog, IKeyImporter importer, IAdminActionLog adminLog)
    {
        public async Task<Outcome> HandleAsync(string sku, TextReader content, bool csv, string actor, CancellationToken ct)
        {
            var product = await catalog.FindBySkuAsync(sku, ct);
            if (product is null)
            {
                return new Outcome.ProductNotFound(sku);
            }
            if (product.KeySource != KeySource.Pool)
            {
                return new Outcome.NotAPool(sku);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var result = await importer.ImportAsync(product.Id, content, csv, ct);
            adminLog.Record("KeysImported", null, new { sku, actor, result.Imported, result.Duplicates, rejected = result.Rejected.Count });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Imported(result);
        }
    }

    public static async Task<Results<Ok<ImportKeysResponse>, ProblemHttpResult>> EndpointAsync(
        string sku, HttpRequest request, Handler handler, IOptions<KeysOptions> options, CancellationToken ct)
    {
        if (request.ContentLength > options.Value.MaxImportBytes)
        {
            return Problems.Create(413, "keys.file_too_large", "Key file too large.", $"At most {options.Value.MaxImportBytes} bytes per import; split the file.");
        }
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("text/plain" or "text/csv" or null or ""))
        {
            return Problems.Create(415, "keys.unsupported_media_type", "Unsupported media type.", "Send text/plain (one key per line) or text/csv.");
        }
        using var reader = new StreamReader(request.Body);
        var outcome = await handler.HandleAsync(sku, reader, mediaType == "text/csv", "admin", ct);
        return outcome switch
        {
            Outcome.Imported i => TypedResults.Ok(new ImportKeysResponse(i.Result.Imported, i.Result.Duplicates, i.Result.Rejected.Count, i.Result.Rejected)),
            Outcome.ProductNotFound n => Problems.NotFound("catalog.product_not_found", $"No product with SKU '{n.Sku}'."),
            Outcome.NotAPool p => Problems.Conflict("keys.not_a_pool", $"Product '{p.Sku}' does not take imported keys (its key source is not 'pool')."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
    }
}
