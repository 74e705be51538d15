using System.Buffers;
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
        FacetCollector? collector = null;
        FacetCollector? any = null;
        try
        {
            collector = Collect(searcher, terms, ProductQuery.Build(terms, request.Query), filter);
            var relaxed = false;
            if (collector.Count == 0 && terms.Count > 1)
            {
                // Nothing has every word: show what has any of them, and say so.
                any = Collect(searcher, terms, ProductQuery.Build(terms, request.Query, matchAll: false), filter);
                if (any.Count > 0)
                {
                    (collector, any) = (any, collector);
                    relaxed = true;
                }
            }
            var total = collector.Count;
            var hits = Page(searcher, collector.Matches, request.Sort, (page - 1) * pageSize, pageSize).Select(m => searcher.Hit(m.Doc)).ToList();
            var categoryCounts = collector.CategoryCounts;
            return new ProductSearchResult(
                total, page, pageSize, hits,
                BrandFacets(collector.BrandCounts, filter.Brands),
                categories.InOrder
                    .Select(c => (c.Category, c.Depth, Key: Key(c.Category.Id)))
                    .Select(c => (c.Category, c.Depth, Count: categoryCounts.GetValueOrDefault(c.Key), Selected: filter.Categories.Contains(c.Key)))
                    .Where(c => c.Count > 0 || c.Selected)
                    .Select(c => new CategoryFacet(c.Category.Slug, c.Category.Name, c.Depth, c.Count, c.Selected))
                    .ToList(),
                PriceBands.Select((band, i) => new PriceRangeFacet(band.Min, band.Max, collector.PriceCounts[i])).Where(b => b.Count > 0).ToList(),
                relaxed);
        }
        finally
        {
            collector?.Dispose();
            any?.Dispose();
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

    /// <summary>
    /// No words (a category page, or "everything"): every live document matches with the same
    /// score, so the columns are walked directly instead of running a query and a collector.
    /// </summary>
    private static FacetCollector Collect(ProductSearcher searcher, IReadOnlyList<string> terms, Query query, SearchFilter filter)
    {
        var collector = new FacetCollector(searcher.Columns, filter);
        if (terms.Count == 0)
        {
            collector.CollectAll();
        }
        else
        {
            searcher.Search(query, collector);
        }
        return collector;
    }

    /// <summary>
    /// The matches of one page, in order: a bounded heap keeps the best <c>page × size</c> instead
    /// of sorting every match (a query that matches the whole catalog is the common case).
    /// </summary>
    private static List<Match> Page(ProductSearcher searcher, ArraySegment<Match> matches, ProductSort sort, int skip, int take)
    {
        var order = Order(searcher, sort);
        var wanted = skip + take;
        if (wanted >= matches.Count / 2)
        {
            matches.AsSpan().Sort(order);
            return matches.Skip(skip).Take(take).ToList();
        }
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
        var best = new Match[heap.Count];
        for (var i = best.Length - 1; heap.TryDequeue(out var match, out _); i--)
        {
            best[i] = match;
        }
        return best.Skip(skip).Take(take).ToList();
    }

    /// <summary>Each order ends on the document number, so equal keys keep one stable order across pages.</summary>
    private static Comparer<Match> Order(ProductSearcher searcher, ProductSort sort)
    {
        var columns = searcher.Columns;
        var price = columns.Price;
        var created = columns.Created;
        var featured = columns.Featured;
        var nameRank = searcher.NameRank;
        return sort switch
        {
            ProductSort.Newest => Comparer<Match>.Create((a, b) => Then(created[b.Doc].CompareTo(created[a.Doc]), a, b)),
            ProductSort.PriceAscending => Comparer<Match>.Create((a, b) => Then(price[a.Doc].CompareTo(price[b.Doc]), a, b)),
            ProductSort.PriceDescending => Comparer<Match>.Create((a, b) => Then(price[b.Doc].CompareTo(price[a.Doc]), a, b)),
            ProductSort.Name => Comparer<Match>.Create((a, b) => Then(nameRank[a.Doc].CompareTo(nameRank[b.Doc]), a, b)),
            ProductSort.Featured => Comparer<Match>.Create((a, b) =>
            {
                var byRank = featured[b.Doc].CompareTo(featured[a.Doc]);
                return Then(byRank != 0 ? byRank : created[b.Doc].CompareTo(created[a.Doc]), a, b);
            }),
            _ => Comparer<Match>.Create((a, b) =>
            {
                var byScore = b.Score.CompareTo(a.Score);
                return Then(byScore != 0 ? byScore : created[b.Doc].CompareTo(created[a.Doc]), a, b);
            }),
        };
    }

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

    /// <summary>
    /// A point-in-time searcher with what every query reads of each document, laid out as arrays by
    /// document number (built once per index change, not per query): the columns for filtering,
    /// counting and sorting, each document's place in name order, and the cards of the documents
    /// shown so far. A searcher never changes, so what it caches is exact for as long as it is used;
    /// the next change brings a new searcher with fresh arrays.
    /// </summary>
    private sealed class ProductSearcher : IndexSearcher
    {
        private readonly ProductSearchHit?[] _hits;

        public ProductSearcher(IndexReader reader) : base(reader)
        {
            Columns = new ProductColumns(reader);
            _hits = new ProductSearchHit?[reader.MaxDoc];
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

        public ProductColumns Columns { get; }

        /// <summary>
        /// The card of a document, read from its stored fields the first time any query shows it.
        /// Two queries racing for the same document both read it and store equal cards.
        /// </summary>
        public ProductSearchHit Hit(int doc) => _hits[doc] ??= ToHit(Doc(doc));
    }

    private sealed class ProductSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new ProductSearcher(reader);
    }

    /// <summary>
    /// The doc values of one point-in-time reader as arrays indexed by (top-level) document number,
    /// with brands and categories numbered across all segments, so counting a match is a few array
    /// reads instead of per-document doc-value lookups and per-segment ordinal translation.
    /// </summary>
    private sealed class ProductColumns
    {
        public ProductColumns(IndexReader reader)
        {
            var maxDoc = reader.MaxDoc;
            Live = new bool[maxDoc];
            Price = new long[maxDoc];
            Created = new long[maxDoc];
            Featured = new long[maxDoc];
            Brand = new int[maxDoc];
            CategoryStart = new int[maxDoc + 1];
            var brandIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var categoryIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var categoryOrds = new List<int>(maxDoc * 2);
            var scratch = new BytesRef();
            foreach (var leaf in reader.Leaves)
            {
                var segment = leaf.AtomicReader;
                var live = segment.LiveDocs;
                var prices = segment.GetNumericDocValues(PriceValue);
                var created = segment.GetNumericDocValues(CreatedValue);
                var featured = segment.GetNumericDocValues(FeaturedValue);
                var brands = segment.GetSortedDocValues(BrandValue);
                var categories = segment.GetSortedSetDocValues(CategoryValues);
                var brandOf = GlobalIds(brands?.ValueCount ?? 0, ord => brands!.LookupOrd(ord, scratch), scratch, brandIds);
                var categoryOf = GlobalIds((int)(categories?.ValueCount ?? 0), ord => categories!.LookupOrd(ord, scratch), scratch, categoryIds);
                for (var doc = 0; doc < segment.MaxDoc; doc++)
                {
                    var global = leaf.DocBase + doc;
                    CategoryStart[global] = categoryOrds.Count;
                    Live[global] = live is null || live.Get(doc);
                    Price[global] = prices?.Get(doc) ?? 0;
                    Created[global] = created?.Get(doc) ?? 0;
                    Featured[global] = featured?.Get(doc) ?? 0;
                    var brand = brands?.GetOrd(doc) ?? -1;
                    Brand[global] = brand < 0 ? -1 : brandOf[brand];
                    if (categories is not null)
                    {
                        categories.SetDocument(doc);
                        for (var ord = categories.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = categories.NextOrd())
                        {
                            categoryOrds.Add(categoryOf[ord]);
                        }
                    }
                }
            }
            CategoryStart[maxDoc] = categoryOrds.Count;
            Categories = [.. categoryOrds];
            BrandNames = Names(brandIds);
            CategoryKeys = Names(categoryIds);
            BrandIds = brandIds;
            CategoryIds = categoryIds;
        }

        public int MaxDoc => Live.Length;

        /// <summary>False for a deleted document (still numbered until its segment is merged).</summary>
        public bool[] Live { get; }

        public long[] Price { get; }

        public long[] Created { get; }

        public long[] Featured { get; }

        /// <summary>Index into <see cref="BrandNames"/>, or -1 for a product without a brand.</summary>
        public int[] Brand { get; }

        /// <summary>Document d's categories are <c>Categories[CategoryStart[d]..CategoryStart[d + 1]]</c>, indexes into <see cref="CategoryKeys"/>.</summary>
        public int[] CategoryStart { get; }

        public int[] Categories { get; }

        public string[] BrandNames { get; }

        public string[] CategoryKeys { get; }

        public IReadOnlyDictionary<string, int> BrandIds { get; }

        public IReadOnlyDictionary<string, int> CategoryIds { get; }

        /// <summary>Maps a segment's ordinals to numbers shared by all segments (ordinals are per segment).</summary>
        private static int[] GlobalIds(int count, Action<int> lookup, BytesRef scratch, Dictionary<string, int> ids)
        {
            var map = new int[count];
            for (var ord = 0; ord < count; ord++)
            {
                lookup(ord);
                var value = scratch.Utf8ToString();
                if (!ids.TryGetValue(value, out var id))
                {
                    id = ids.Count;
                    ids.Add(value, id);
                }
                map[ord] = id;
            }
            return map;
        }

        private static string[] Names(Dictionary<string, int> ids)
        {
            var names = new string[ids.Count];
            foreach (var (name, id) in ids)
            {
                names[id] = name;
            }
            return names;
        }
    }

    private sealed record SearchFilter(HashSet<string> Brands, HashSet<string> Categories, long? MinPrice, long? MaxPrice);

    private readonly record struct Match(int Doc, float Score);

    /// <summary>
    /// One pass over everything the words match: keeps the documents that pass every filter, and
    /// counts each facet with the other facets' filters applied but not its own (so choosing one
    /// brand still shows the other brands and how many they would give). The matches live in a
    /// pooled array (a whole-catalog match list would otherwise be a large-object allocation per
    /// query); <see cref="Dispose"/> returns it.
    /// </summary>
    private sealed class FacetCollector : ICollector, IDisposable
    {
        private readonly ProductColumns _columns;
        private readonly SearchFilter _filter;
        private readonly bool[] _selectedBrands;
        private readonly bool[] _selectedCategories;
        private readonly int[] _brandCounts;
        private readonly int[] _categoryCounts;
        private Match[] _matches;
        private Scorer? _scorer;
        private int _docBase;

        public FacetCollector(ProductColumns columns, SearchFilter filter)
        {
            _columns = columns;
            _filter = filter;
            _selectedBrands = Selected(filter.Brands, columns.BrandIds, columns.BrandNames.Length);
            _selectedCategories = Selected(filter.Categories, columns.CategoryIds, columns.CategoryKeys.Length);
            _brandCounts = new int[columns.BrandNames.Length];
            _categoryCounts = new int[columns.CategoryKeys.Length];
            _matches = ArrayPool<Match>.Shared.Rent(Math.Max(1, columns.MaxDoc));
        }

        public int Count { get; private set; }

        public int[] PriceCounts { get; } = new int[PriceBands.Count];

        public ArraySegment<Match> Matches => new(_matches, 0, Count);

        /// <summary>Brand → results it would give (brands with none left out).</summary>
        public Dictionary<string, int> BrandCounts => CountsByValue(_brandCounts, _columns.BrandNames);

        /// <summary>Category key → results it would give (categories with none left out).</summary>
        public Dictionary<string, int> CategoryCounts => CountsByValue(_categoryCounts, _columns.CategoryKeys);

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => Add(_docBase + doc, _scorer?.GetScore() ?? 0f);

        /// <summary>Every live document, with one score for all (a query without words ranks nothing).</summary>
        public void CollectAll()
        {
            var live = _columns.Live;
            for (var doc = 0; doc < live.Length; doc++)
            {
                if (live[doc])
                {
                    Add(doc, 0f);
                }
            }
        }

        private void Add(int doc, float score)
        {
            var columns = _columns;
            var price = columns.Price[doc];
            var priceOk = (_filter.MinPrice is not { } min || price >= min) && (_filter.MaxPrice is not { } max || price <= max);
            var brand = columns.Brand[doc];
            var brandOk = _filter.Brands.Count == 0 || (brand >= 0 && _selectedBrands[brand]);
            var from = columns.CategoryStart[doc];
            var to = columns.CategoryStart[doc + 1];
            var categoryOk = _filter.Categories.Count == 0;
            for (var i = from; i < to && !categoryOk; i++)
            {
                categoryOk = _selectedCategories[columns.Categories[i]];
            }

            if (categoryOk && priceOk && brand >= 0)
            {
                _brandCounts[brand]++;
            }
            if (brandOk && priceOk)
            {
                for (var i = from; i < to; i++)
                {
                    _categoryCounts[columns.Categories[i]]++;
                }
            }
            if (brandOk && categoryOk)
            {
                PriceCounts[Band(price)]++;
            }
            if (brandOk && categoryOk && priceOk)
            {
                _matches[Count++] = new Match(doc, score);
            }
        }

        private static bool[] Selected(HashSet<string> values, IReadOnlyDictionary<string, int> ids, int count)
        {
            var selected = new bool[count];
            foreach (var value in values)
            {
                if (ids.TryGetValue(value, out var id))
                {
                    selected[id] = true;
                }
            }
            return selected;
        }

        private static Dictionary<string, int> CountsByValue(int[] counts, string[] values)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var id = 0; id < counts.Length; id++)
            {
                if (counts[id] > 0)
                {
                    result[values[id]] = counts[id];
                }
            }
            return result;
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

        public void Dispose()
        {
            if (_matches.Length > 0)
            {
                ArrayPool<Match>.Shared.Return(_matches);
                _matches = [];
            }
        }
    }
}
