using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;

namespace Orderly.Catalog.Search;

/// <summary>
/// The in-memory Lucene index of published products. One writer (the <see cref="SearchIndexer"/>
/// feeds it, one batch at a time) and any number of concurrent searches: a
/// <see cref="SearcherManager"/> hands out the current point-in-time searcher and swaps in a new
/// one after each batch, so a query never waits for indexing and never sees half a batch.
/// </summary>
internal sealed class ProductIndex : IDisposable
{
    // Non-text fields: doc values for filters, facets and sorting; stored fields for the card.
    private const string BrandValue = "brand_dv";
    private const string CategoryValues = "category_dv";
    private const string PriceValue = "price_dv";
    private const string CreatedValue = "created_dv";
    private const string NameValue = "name_dv";
    private const string FeaturedValue = "featured_dv";
    private const string StoredImageId = "image_id_s";
    private const string StoredBrand = "brand_s";
    private const string StoredPrice = "price_s";
    private const string StoredCurrency = "currency_s";
    private const string StoredCompareAt = "compare_s";
    private const string StoredImage = "image_s";

    /// <summary>Price bands of the price facet, in minor units (lower bound inclusive, upper exclusive).</summary>
    public static readonly IReadOnlyList<(long Min, long? Max)> PriceBands =
        [(0, 10_00), (10_00, 25_00), (25_00, 50_00), (50_00, 100_00), (100_00, 250_00), (250_00, null)];

    /// <summary>The brand facet lists at most this many brands (most results first), plus the selected ones.</summary>
    public const int MaxBrandFacets = 30;

    private readonly Analyzer _analyzer = ProductQuery.CreateAnalyzer();
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private volatile CategoryTree _categories = CategoryTree.Empty;

    public ProductIndex()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(ProductQuery.Version, _analyzer) { OpenMode = OpenMode.CREATE });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new ProductSearcherFactory());
    }

    public CategoryTree Categories => _categories;

    /// <summary>Replaces the whole index (first build, or the category tree changed).</summary>
    public void Replace(IEnumerable<IndexedProduct> products, CategoryTree categories)
    {
        lock (_writer)
        {
            _writer.DeleteAll();
            foreach (var product in products)
            {
                _writer.AddDocument(ToDocument(product));
            }
            _categories = categories;
            Publish();
        }
    }

    /// <summary>Adds or replaces <paramref name="upserts"/> and removes <paramref name="removals"/> (drafts), then shows the result to searches.</summary>
    public void Apply(IEnumerable<IndexedProduct> upserts, IEnumerable<Guid> removals)
    {
        lock (_writer)
        {
            foreach (var product in upserts)
            {
                _writer.UpdateDocument(new Term(ProductQuery.Id, Key(product.Id)), ToDocument(product));
            }
            foreach (var id in removals)
            {
                _writer.DeleteDocuments(new Term(ProductQuery.Id, Key(id)));
            }
            Publish();
        }
    }

    private void Publish()
    {
        _writer.Commit(); // keeps the in-memory segments merged and the deletes applied; nothing goes to disk
        _searchers.MaybeRefreshBlocking();
    }

    private static string Key(Guid id) => id.ToString("N");

    private static Document ToDocument(IndexedProduct p)
    {
        var doc = new Document
        {
            new StringField(ProductQuery.Id, Key(p.Id), Field.Store.YES),
            new StringField(ProductQuery.SkuKey, p.Sku.ToLowerInvariant(), Field.Store.NO),
            new TextField(ProductQuery.Sku, p.Sku, Field.Store.YES),
            new TextField(ProductQuery.Name, p.Name, Field.Store.YES),
            new SortedDocValuesField(NameValue, new BytesRef(p.Name.ToLowerInvariant())),
            new NumericDocValuesField(PriceValue, p.Price),
            new StoredField(StoredPrice, p.Price),
            new StoredField(StoredCurrency, p.Currency),
            new NumericDocValuesField(CreatedValue, p.CreatedAt.Ticks),
            new StoredField(CreatedValue, p.CreatedAt.Ticks),
            new NumericDocValuesField(FeaturedValue, FeaturedRank(p)),
        };
        if (!string.IsNullOrWhiteSpace(p.Description))
        {
            doc.Add(new TextField(ProductQuery.Description, p.Description, Field.Store.NO));
        }
        if (!string.IsNullOrWhiteSpace(p.Brand))
        {
            doc.Add(new TextField(ProductQuery.Brand, p.Brand, Field.Store.NO));
            doc.Add(new StoredField(StoredBrand, p.Brand));
            doc.Add(new SortedDocValuesField(BrandValue, new BytesRef(p.Brand)));
        }
        foreach (var id in p.CategoryIds)
        {
            doc.Add(new SortedSetDocValuesField(CategoryValues, new BytesRef(Key(id))));
        }
        foreach (var name in p.CategoryNames)
        {
            doc.Add(new TextField(ProductQuery.Category, name, Field.Store.NO));
        }
        foreach (var (name, value) in p.Attributes)
        {
            doc.Add(new TextField(ProductQuery.Attributes, $"{name} {value}", Field.Store.NO));
        }
        if (p.CompareAtPrice is { } was)
        {
            doc.Add(new StoredField(StoredCompareAt, was));
        }
        if (p.ImageUrl is not null)
        {
            doc.Add(new StoredField(StoredImage, p.ImageUrl));
        }
        if (p.ImageId is { } imageId)
        {
            doc.Add(new StoredField(StoredImageId, Key(imageId)));
        }
        return doc;
    }

    /// <summary>The category default order's first keys as one number: featured (2) above on sale (1, a compare-at price is set).</summary>
    private static long FeaturedRank(IndexedProduct p) => (p.Featured ? 2 : 0) + (p.CompareAtPrice is not null ? 1 : 0);

    public ProductSearchResult Search(ProductSearchRequest request)
    {
        var pageSize = Math.Clamp(request.PageSize, 1, ProductSearchRequest.MaxPageSize);
        var page = Math.Max(1, request.Page);
        var terms = ProductQuery.Terms(_analyzer, request.Query);
        var categories = _categories;
        var filter = new SearchFilter(
            request.Brands?.Where(b => !string.IsNullOrWhiteSpace(b)).ToHashSet(StringComparer.Ordinal) ?? [],
            (request.Categories ?? []).Select(categories.FindBySlug).OfType<CategoryInfo>().Select(c => Key(c.Id)).ToHashSet(StringComparer.Ordinal),
            request.MinPrice,
            request.MaxPrice);

        var searcher = (ProductSearcher)_searchers.Acquire();
        try
        {
            var collector = Collect(searcher, ProductQuery.Build(terms, request.Query), filter);
            var relaxed = false;
            if (collector.Matches.Count == 0 && terms.Count > 1)
            {
                // Nothing has every word: show what has any of them, and say so.
                var any = Collect(searcher, ProductQuery.Build(terms, request.Query, matchAll: false), filter);
                if (any.Matches.Count > 0)
                {
                    collector = any;
                    relaxed = true;
                }
            }
            var total = collector.Matches.Count;
            var hits = Page(searcher, collector.Matches, request.Sort, (page - 1) * pageSize, pageSize).Select(m => ToHit(searcher.Doc(m.Doc))).ToList();
            return new ProductSearchResult(
                total, page, pageSize, hits,
                BrandFacets(collector.BrandCounts, filter.Brands),
                categories.InOrder
                    .Select(c => (c.Category, c.Depth, Count: collector.CategoryCounts.GetValueOrDefault(Key(c.Category.Id)), Selected: filter.Categories.Contains(Key(c.Category.Id))))
                    .Where(c => c.Count > 0 || c.Selected)
                    .Select(c => new CategoryFacet(c.Category.Slug, c.Category.Name, c.Depth, c.Count, c.Selected))
                    .ToList(),
                PriceBands.Select((band, i) => new PriceRangeFacet(band.Min, band.Max, collector.PriceCounts[i])).Where(b => b.Count > 0).ToList(),
                relaxed);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public IReadOnlyList<ProductSuggestion> Suggest(string prefix, int limit)
    {
        var terms = ProductQuery.Terms(_analyzer, prefix);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }
        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(ProductQuery.Build(terms, prefix), limit);
            return top.ScoreDocs.Select(d => searcher.Doc(d.Doc)).Select(d => new ProductSuggestion(d.Get(ProductQuery.Sku), d.Get(ProductQuery.Name))).ToList();
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static List<FacetCount> BrandFacets(Dictionary<string, int> counts, HashSet<string> selected) =>
        counts.Where(b => b.Value > 0)
            .OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.OrdinalIgnoreCase)
            .Take(MaxBrandFacets)
            .Select(b => b.Key)
            .Concat(selected)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(b => new FacetCount(b, b, counts.GetValueOrDefault(b), selected.Contains(b)))
            .ToList();

    private static FacetCollector Collect(IndexSearcher searcher, Query query, SearchFilter filter)
    {
        var collector = new FacetCollector(filter);
        searcher.Search(query, collector);
        collector.Flush();
        return collector;
    }

    /// <summary>
    /// The matches of one page, in order: a bounded heap keeps the best <c>page × size</c> instead
    /// of sorting every match (a query that matches the whole catalog is the common case).
    /// </summary>
    private static List<Match> Page(ProductSearcher searcher, List<Match> matches, ProductSort sort, int skip, int take)
    {
        var order = Order(searcher, sort);
        var wanted = skip + take;
        List<Match> best;
        if (wanted >= matches.Count / 2)
        {
            matches.Sort(order);
            best = matches;
        }
        else
        {
            // Worst of the kept matches on top, so each better match replaces it.
            var heap = new PriorityQueue<Match, Match>(wanted + 1, Comparer<Match>.Create((a, b) => order.Compare(b, a)));
            foreach (var match in matches)
            {
                if (heap.Count < wanted)
                {
                    heap.Enqueue(match, match);
                }
                else if (order.Compare(match, heap.Peek()) < 0)
                {
                    heap.DequeueEnqueue(match, match);
                }
            }
            best = new List<Match>(heap.Count);
            while (heap.TryDequeue(out var match, out _))
            {
                best.Add(match);
            }
            best.Reverse();
        }
        return best.Skip(skip).Take(take).ToList();
    }

    /// <summary>Each order ends on the document number, so equal keys keep one stable order across pages.</summary>
    private static Comparer<Match> Order(ProductSearcher searcher, ProductSort sort) => sort switch
    {
        ProductSort.Newest => Comparer<Match>.Create((a, b) => Then(b.Created.CompareTo(a.Created), a, b)),
        ProductSort.PriceAscending => Comparer<Match>.Create((a, b) => Then(a.Price.CompareTo(b.Price), a, b)),
        ProductSort.PriceDescending => Comparer<Match>.Create((a, b) => Then(b.Price.CompareTo(a.Price), a, b)),
        ProductSort.Name => Comparer<Match>.Create((a, b) => Then(searcher.NameRank[a.Doc].CompareTo(searcher.NameRank[b.Doc]), a, b)),
        ProductSort.Featured => Comparer<Match>.Create((a, b) =>
        {
            var byRank = b.Featured.CompareTo(a.Featured);
            return Then(byRank != 0 ? byRank : b.Created.CompareTo(a.Created), a, b);
        }),
        _ => Comparer<Match>.Create((a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return Then(byScore != 0 ? byScore : b.Created.CompareTo(a.Created), a, b);
        }),
    };

    private static int Then(int order, Match a, Match b) => order != 0 ? order : a.Doc.CompareTo(b.Doc);

    private static ProductSearchHit ToHit(Document doc)
    {
        var currency = doc.Get(StoredCurrency);
        var price = doc.GetField(StoredPrice).GetInt64Value() ?? 0;
        var was = doc.GetField(StoredCompareAt)?.GetInt64Value();
        var imageId = doc.Get(StoredImageId);
        return new ProductSearchHit(
            Guid.ParseExact(doc.Get(ProductQuery.Id), "N"),
            doc.Get(ProductQuery.Sku),
            doc.Get(ProductQuery.Name),
            doc.Get(StoredBrand),
            new Money(price, currency),
            was is { } w ? new Money(w, currency) : null,
            doc.Get(StoredImage),
            new DateTime(doc.GetField(CreatedValue).GetInt64Value() ?? 0, DateTimeKind.Utc),
            imageId is null ? null : Guid.ParseExact(imageId, "N"));
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    /// <summary>A point-in-time searcher that also knows each document's place in name order (for sorting by name).</summary>
    private sealed class ProductSearcher : IndexSearcher
    {
        public ProductSearcher(IndexReader reader) : base(reader)
        {
            NameRank = new int[reader.MaxDoc];
            var names = new List<(string Name, int Doc)>(reader.NumDocs);
            var scratch = new BytesRef();
            foreach (var leaf in reader.Leaves)
            {
                var values = leaf.AtomicReader.GetSortedDocValues(NameValue);
                var live = leaf.AtomicReader.LiveDocs;
                for (var doc = 0; values is not null && doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    if (live is null || live.Get(doc))
                    {
                        values.Get(doc, scratch);
                        names.Add((scratch.Utf8ToString(), leaf.DocBase + doc));
                    }
                }
            }
            names.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : a.Doc.CompareTo(b.Doc));
            for (var rank = 0; rank < names.Count; rank++)
            {
                NameRank[names[rank].Doc] = rank;
            }
        }

        /// <summary>Position of each document when sorted by name (computed once per index change, not per query).</summary>
        public int[] NameRank { get; }
    }

    private sealed class ProductSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new ProductSearcher(reader);
    }

    private sealed record SearchFilter(HashSet<string> Brands, HashSet<string> Categories, long? MinPrice, long? MaxPrice);

    private readonly record struct Match(int Doc, float Score, long Price, long Created, long Featured);

    /// <summary>
    /// One pass over everything the words match: keeps the documents that pass every filter, and
    /// counts each facet with the other facets' filters applied but not its own (so choosing one
    /// brand still shows the other brands and how many they would give).
    /// </summary>
    private sealed class FacetCollector(SearchFilter filter) : ICollector
    {
        public List<Match> Matches { get; } = [];
        public Dictionary<string, int> BrandCounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> CategoryCounts { get; } = new(StringComparer.Ordinal);
        public int[] PriceCounts { get; } = new int[PriceBands.Count];

        private Scorer? _scorer;
        private int _docBase;
        private SortedDocValues? _brands;
        private SortedSetDocValues? _categories;
        private NumericDocValues? _prices;
        private NumericDocValues? _created;
        private NumericDocValues? _featured;
        private HashSet<int> _brandOrds = [];
        private HashSet<long> _categoryOrds = [];
        private int[] _brandCounts = [];
        private int[] _categoryCounts = [];
        private readonly List<long> _docCategories = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            _docBase = context.DocBase;
            _brands = reader.GetSortedDocValues(BrandValue);
            _categories = reader.GetSortedSetDocValues(CategoryValues);
            _prices = reader.GetNumericDocValues(PriceValue);
            _created = reader.GetNumericDocValues(CreatedValue);
            _featured = reader.GetNumericDocValues(FeaturedValue);
            _brandCounts = new int[_brands?.ValueCount ?? 0];
            _categoryCounts = new int[_categories?.ValueCount ?? 0];
            _brandOrds = _brands is null ? [] : filter.Brands.Select(b => _brands.LookupTerm(new BytesRef(b))).Where(o => o >= 0).ToHashSet();
            _categoryOrds = _categories is null ? [] : filter.Categories.Select(c => _categories.LookupTerm(new BytesRef(c))).Where(o => o >= 0).ToHashSet();
        }

        public void Collect(int doc)
        {
            var price = _prices?.Get(doc) ?? 0;
            var priceOk = (filter.MinPrice is not { } min || price >= min) && (filter.MaxPrice is not { } max || price <= max);
            var brand = _brands?.GetOrd(doc) ?? -1;
            var brandOk = filter.Brands.Count == 0 || _brandOrds.Contains(brand);
            _docCategories.Clear();
            if (_categories is not null)
            {
                _categories.SetDocument(doc);
                for (var ord = _categories.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = _categories.NextOrd())
                {
                    _docCategories.Add(ord);
                }
            }
            var categoryOk = filter.Categories.Count == 0 || _docCategories.Exists(_categoryOrds.Contains);

            if (categoryOk && priceOk && brand >= 0)
            {
                _brandCounts[brand]++;
            }
            if (brandOk && priceOk)
            {
                foreach (var ord in _docCategories)
                {
                    _categoryCounts[(int)ord]++;
                }
            }
            if (brandOk && categoryOk)
            {
                PriceCounts[Band(price)]++;
            }
            if (brandOk && categoryOk && priceOk)
            {
                Matches.Add(new Match(_docBase + doc, _scorer?.GetScore() ?? 0f, price, _created?.Get(doc) ?? 0, _featured?.Get(doc) ?? 0));
            }
        }

        private static int Band(long price)
        {
            for (var i = PriceBands.Count - 1; i > 0; i--)
            {
                if (price >= PriceBands[i].Min)
                {
                    return i;
                }
            }
            return 0;
        }

        /// <summary>Turns the segment's ordinal counts into value counts (ordinals are per segment).</summary>
        public void Flush()
        {
            var scratch = new BytesRef();
            for (var ord = 0; ord < _brandCounts.Length; ord++)
            {
                if (_brandCounts[ord] > 0)
                {
                    _brands!.LookupOrd(ord, scratch);
                    var brand = scratch.Utf8ToString();
                    BrandCounts[brand] = BrandCounts.GetValueOrDefault(brand) + _brandCounts[ord];
                }
            }
            for (var ord = 0; ord < _categoryCounts.Length; ord++)
            {
                if (_categoryCounts[ord] > 0)
                {
                    _categories!.LookupOrd(ord, scratch);
                    var category = scratch.Utf8ToString();
                    CategoryCounts[category] = CategoryCounts.GetValueOrDefault(category) + _categoryCounts[ord];
                }
            }
            _brandCounts = [];
            _categoryCounts = [];
        }
    }
}
