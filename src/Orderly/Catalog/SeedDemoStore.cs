using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

// Demo data is meant to be the same on every run (a fixed seed), not unpredictable.
#pragma warning disable CA5394

namespace Orderly.Catalog;

/// <summary>
/// The storefront half of the demo data: a two-level category tree, brands, attributes, variant
/// groups, sales and featured products, and a generated SVG picture for every product, for
/// <c>Orderly:DemoSize</c> products in all (default 200; <c>--demo-size N</c> on the command line).
/// Written in batches of 1,000 inside one transaction, so 10,000 products take seconds, not minutes.
/// Deterministic (fixed seed): every demo store looks the same.
/// </summary>
internal sealed partial class SeedDemoStore(OrderlyDbContext db, IStockLedger ledger, IKeyImporter importer, IOptions<OrderlyOptions> options,
    TimeProvider time, ILogger<SeedDemoStore> logger)
{
    public const int DefaultSize = 200;
    private const int BatchSize = 1000;

    /// <summary>How many generated products get an imported key pool (the rest generate keys): a few run low or out.</summary>
    private const int PooledProducts = 24;

    private sealed record Sub(string Slug, string Name, string[] Nouns);

    private sealed record Top(string Slug, string Name, string[] Brands, Sub[] Subs);

    private static readonly Top[] Tree =
    [
        new("software", "Software", ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware"],
        [
            new("office-software", "Office & productivity", ["Office Suite", "PDF Editor", "Notes Pro", "Spreadsheet Studio", "Mail Desk", "Project Planner"]),
            new("security-software", "Security", ["Antivirus", "Internet Security", "VPN", "Password Vault", "Backup Guard"]),
            new("operating-systems", "Operating systems", ["Desktop OS", "Server OS", "Workstation OS"]),
            new("creative-software", "Creative", ["Photo Editor", "Video Cutter", "Vector Studio", "Audio Workshop", "3D Modeler"]),
        ]),
        new("games", "Games", ["Starforge", "Pixel Harbor", "Blue Lantern", "Ironclad Games"],
        [
            new("action-games", "Action", ["Skyrunner", "Neon Blades", "Last Outpost", "Steel Rain", "Rift Hunters"]),
            new("strategy-games", "Strategy", ["Empire Ascendant", "Harbor Tycoon", "Frontier Kings", "Star Council"]),
            new("indie-games", "Indie", ["Little Lighthouse", "Moss & Stone", "Paper Kites", "Night Bakery"]),
        ]),
        new("ebooks", "E-books", ["Orderly Press", "Lakeside Books", "Quill & Byte"],
        [
            new("programming-books", "Programming", ["Modern C#", "Distributed Systems", "SQL in Practice", "Clean Interfaces", "Testing Deeply"]),
            new("business-books", "Business", ["Small Shop Playbook", "Pricing Digital Goods", "Customer Care", "Lean Operations"]),
        ]),
        new("hardware", "Hardware", ["Keystone", "Audiora", "Linkwell", "Ergon"],
        [
            new("input-devices", "Keyboards & mice", ["Mechanical Keyboard", "Wireless Mouse", "Ergonomic Keyboard", "Trackball", "Gaming Mouse"]),
            new("audio", "Audio", ["Headphones", "USB Microphone", "Desk Speakers", "Earbuds"]),
            new("cables", "Cables & adapters", ["USB-C Hub", "HDMI Cable", "Charging Cable", "Docking Station"]),
        ]),
    ];

    private static readonly string[] Editions = ["2025", "Pro", "Plus", "Home", "Ultimate", "Essentials", "Deluxe", "Lite", "Studio", "Max"];
    private static readonly string[] Colours = ["#2f5bd3", "#1f7a4d", "#9a6700", "#b42318", "#6b3fa0", "#0e7490", "#be185d", "#4d7c0f", "#1d2433", "#c2410c"];

    public async Task HandleAsync(int size, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var now = started.UtcDateTime;
        var random = new Random(20261123);
        var categories = await AddCategoriesAsync(now, ct);
        await DressExistingAsync(categories, now, ct);

        var existing = await db.Set<Product>().CountAsync(ct);
        var toCreate = Math.Max(0, size - existing);
        var pooled = new List<Guid>();
        var physical = new List<(Guid Id, int Quantity)>();
        var seq = 0;
        var group = 0;
        for (var done = 0; done < toCreate;)
        {
            var inBatch = 0;
            while (inBatch < BatchSize && done + inBatch < toCreate)
            {
                var top = Tree[group % Tree.Length];
                var sub = top.Subs[(group / Tree.Length) % top.Subs.Length];
                var created = now.AddDays(-random.Next(0, 120)).AddMinutes(-random.Next(0, 1440));
                var variants = Math.Min(top.Slug == "software" && group % 5 == 0 ? 3 : 1, toCreate - done - inBatch);
                var brand = top.Brands[random.Next(top.Brands.Length)];
                var baseName = $"{brand} {sub.Nouns[random.Next(sub.Nouns.Length)]} {Editions[random.Next(Editions.Length)]}";
                var basePrice = (random.Next(4, 200) * 100) - 1;
                var pool = top.Slug is "software" or "games" && pooled.Count < PooledProducts && group % 3 == 0;
                for (var v = 0; v < variants; v++, seq++, inBatch++)
                {
                    var product = NewProduct(top, sub, seq, group, v, variants, baseName, brand, basePrice, pool, created, random, categories);
                    db.Set<Product>().Add(product);
                    var unlimited = product.KeySource == KeySource.Generator || product.Delivery == DeliveryKind.File;
                    ledger.Track(product.Id, product.Sku, product.LowStockThreshold, unlimited);
                    if (product.KeySource == KeySource.Pool)
                    {
                        pooled.Add(product.Id);
                    }
                    if (product.Kind == ProductKind.Physical)
                    {
                        physical.Add((product.Id, random.Next(0, 10) == 0 ? 0 : random.Next(2, 60)));
                    }
                    AddAttributes(product, top, random);
                    await AddPictureAsync(product, sub.Name, ct);
                    if (product.Delivery == DeliveryKind.File)
                    {
                        await AttachFileAsync(product, ct);
                    }
                }
                group++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += inBatch;
            if (toCreate >= BatchSize)
            {
                LogProgress(done, toCreate);
            }
        }
        foreach (var (id, quantity) in physical.Where(p => p.Quantity > 0))
        {
            await ledger.ReceiveAsync(id, quantity, ct);
        }
        foreach (var id in pooled)
        {
            var count = random.Next(0, 8) == 0 ? 0 : random.Next(3, 30);
            if (count > 0)
            {
                var keys = string.Join('\n', Enumerable.Range(0, count).Select(_ => KeyPatterns.Mint("XXXXX-XXXXX-XXXXX-XXXXX")));
                await importer.ImportAsync(id, new StringReader(keys), csv: false, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        var seconds = (time.GetUtcNow() - started).TotalSeconds;
        LogDone(existing + toCreate, seconds);
    }

    private static Product NewProduct(Top top, Sub sub, int seq, int group, int variant, int variants, string baseName, string brand, int basePrice, bool pool, DateTime created,
        Random random, Dictionary<string, Guid> categories)
    {
        var sku = $"{sub.Slug[..Math.Min(sub.Slug.Length, 6)].ToUpperInvariant().TrimEnd('-')}-{seq + 1:D5}";
        var labels = new[] { "1 PC / 1 year", "3 PCs / 1 year", "5 PCs / 2 years" };
        // Bigger variants cost more, still ending in .99.
        var price = variants > 1 ? ((basePrice + (variant * basePrice * 3 / 4)) / 100 * 100) + 99 : basePrice;
        var (kind, delivery, keySource, pattern) = top.Slug switch
        {
            "ebooks" => ("digital", "file", (string?)null, (string?)null),
            "hardware" => ("physical", "shipment", null, null),
            _ when pool => ("digital", "code", "pool", null),
            _ => ("digital", "code", "generator", $"{sub.Slug[..3].ToUpperInvariant()}-XXXXX-XXXXX-XXXXX"),
        };
        var (product, errors) = CreateProduct.Decide(
            new CreateProductRequest(sku, variants > 1 ? $"{baseName} ({labels[variant]})" : baseName, kind, delivery, new PriceRequest(price, "EUR"), keySource, pattern, null),
            Guid.CreateVersion7(new DateTimeOffset(created, TimeSpan.Zero)), created);
        if (product is null)
        {
            throw new InvalidOperationException($"Demo product {sku} is invalid: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }
        product.Brand = brand;
        product.CategoryId = categories[sub.Slug];
        product.Description = $"{product.Name} from {brand}: one of our most dependable picks in {sub.Name.ToLowerInvariant()}.\n\n"
            + (kind == "physical" ? "Ships within one working day from our warehouse, with a two-year warranty." : "Delivered digitally the moment your payment clears: no waiting, no shipping.")
            + "\n\nThis is demo data from the Orderly sample store.";
        if (random.Next(0, 7) == 0)
        {
            product.CompareAtPriceAmount = (price * (120 + random.Next(0, 30)) / 100 / 100 * 100) + 99;
        }
        product.Featured = random.Next(0, 20) == 0;
        if (variants > 1)
        {
            product.VariantGroup = $"{sub.Slug}-{group}";
            product.VariantLabel = labels[variant];
        }
        return product;
    }

    private void AddAttributes(Product product, Top top, Random random)
    {
        (string, string)[] attributes = top.Slug switch
        {
            "software" => [("Platform", random.Next(3) == 0 ? "Windows, macOS" : "Windows"), ("Licence", "Perpetual"), ("Language", "Multilingual")],
            "games" => [("Platform", "PC"), ("Age rating", $"{random.Next(1, 4) * 6}+"), ("Players", random.Next(2) == 0 ? "Single player" : "Single and multiplayer")],
            "ebooks" => [("Format", "EPUB, PDF"), ("Pages", (random.Next(12, 60) * 10).ToString(CultureInfo.InvariantCulture)), ("Language", "English")],
            _ => [("Colour", random.Next(2) == 0 ? "Black" : "Grey"), ("Connection", random.Next(2) == 0 ? "USB-C" : "Bluetooth"), ("Warranty", "2 years")],
        };
        db.Set<ProductAttribute>().AddRange(attributes.Select((a, i) => new ProductAttribute { ProductId = product.Id, Name = a.Item1, Value = a.Item2, Position = i }));
    }

    private async Task<Dictionary<string, Guid>> AddCategoriesAsync(DateTime now, CancellationToken ct)
    {
        var ids = new Dictionary<string, Guid>();
        for (var t = 0; t < Tree.Length; t++)
        {
            var top = new Category { Id = Guid.CreateVersion7(time.GetUtcNow()), Slug = Tree[t].Slug, Name = Tree[t].Name, Position = t, CreatedAt = now };
            db.Set<Category>().Add(top);
            ids[top.Slug] = top.Id;
            for (var s = 0; s < Tree[t].Subs.Length; s++)
            {
                var sub = new Category { Id = Guid.CreateVersion7(time.GetUtcNow()), Slug = Tree[t].Subs[s].Slug, Name = Tree[t].Subs[s].Name, ParentId = top.Id, Position = s, CreatedAt = now };
                db.Set<Category>().Add(sub);
                ids[sub.Slug] = sub.Id;
            }
        }
        await db.SaveChangesAsync(ct);
        return ids;
    }

    /// <summary>The four original demo products get a shop window too.</summary>
    private async Task DressExistingAsync(Dictionary<string, Guid> categories, DateTime now, CancellationToken ct)
    {
        var dress = new Dictionary<string, (string Category, string Brand, string Description, long? WasPrice)>
        {
            ["OFFICE-2024-PRO"] = ("office-software", "Contoso", "The complete office suite: documents, spreadsheets, slides and mail.\n\nOne licence for one PC, activated with the key you receive at once.", 7900),
            ["ANTIVIRUS-1Y"] = ("security-software", "Northwind", "Real-time protection against viruses, ransomware and phishing for one year.\n\nYour key is generated the moment you pay.", null),
            ["EBOOK-DOTNET"] = ("programming-books", "Orderly Press", "A practical guide to modular monoliths, outboxes and exactly-once fulfilment in .NET.\n\nDownload it right after payment.", null),
            ["GAME-DELUXE"] = ("action-games", "Starforge", "Explore a hand-crafted galaxy. The Deluxe Edition adds the original soundtrack as a download.", 7999),
        };
        foreach (var product in await db.Set<Product>().ToListAsync(ct))
        {
            if (!dress.TryGetValue(product.Sku, out var d))
            {
                continue;
            }
            product.CategoryId = categories[d.Category];
            product.Brand = d.Brand;
            product.Description = d.Description;
            product.CompareAtPriceAmount = d.WasPrice;
            product.Featured = true;
            product.UpdatedAt = now;
            db.Set<ProductAttribute>().Add(new ProductAttribute { ProductId = product.Id, Name = "Delivery", Value = product.Delivery.ToString(), Position = 0 });
            await AddPictureAsync(product, Tree.SelectMany(t => t.Subs).First(sub => sub.Slug == d.Category).Name, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task AddPictureAsync(Product product, string caption, CancellationToken ct)
    {
        var image = new ProductImage
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), ProductId = product.Id, Position = 0, ContentType = "image/svg+xml", Extension = ".svg",
            Alt = product.Name, CreatedAt = product.CreatedAt,
        };
        db.Set<ProductImage>().Add(image);
        var path = ServeProductImage.StoragePath(options.Value.ResolveDataDir(), product.Id, image.Id, image.Extension);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Picture(product.Name, caption), ct);
    }

    /// <summary>A 640×480 card: the product's initials on a colour picked from its name, and the caption. Text is XML-escaped.</summary>
    public static string Picture(string name, string caption)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var initials = string.Concat(words.Where(w => char.IsLetterOrDigit(w[0])).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        var colour = Colours[(int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0) % Colours.Length)];
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">
            <rect width="640" height="480" fill="{colour}"/>
            <circle cx="520" cy="90" r="160" fill="#ffffff" fill-opacity="0.08"/>
            <text x="320" y="270" font-family="system-ui, sans-serif" font-size="150" font-weight="700" fill="#ffffff" text-anchor="middle">{Escape(initials)}</text>
            <text x="320" y="400" font-family="system-ui, sans-serif" font-size="30" fill="#ffffff" fill-opacity="0.85" text-anchor="middle">{Escape(caption)}</text>
            </svg>
            """;
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private async Task AttachFileAsync(Product product, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes($"{product.Name}\n\nA demo download from the Orderly sample store.\n");
        var path = UploadProductFile.StoragePath(options.Value.ResolveDataDir(), product.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, ct);
        product.FileName = product.Sku.ToLowerInvariant() + ".txt";
        product.FileLength = bytes.Length;
        product.FileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        product.FileContentType = "text/plain";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo store: {Done} of {Total} products written")]
    private partial void LogProgress(int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo store: {Count} products in {Seconds:0.0} s")]
    private partial void LogDone(int count, double seconds);
}
