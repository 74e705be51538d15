using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Orderly.Catalog.Search;

/// <summary>
/// How what a shopper types becomes a Lucene query (pure, unit-tested). Every word must match
/// somewhere (all words; the caller relaxes to any word when that finds nothing); a word matches
/// exactly, as the start of a word (so "micro" and autocomplete work) or with typos, and the
/// product name weighs most, then SKU, brand, category, attributes and description.
/// </summary>
internal static class ProductQuery
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Field names of the index.
    public const string Id = "id";
    public const string Sku = "sku";
    public const string SkuKey = "sku_key";
    public const string Name = "name";
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Attributes = "attributes";
    public const string Description = "description";

    /// <summary>Text fields with the weight of an exact, a prefix and a fuzzy match in each.</summary>
    public static readonly IReadOnlyList<(string Field, float Exact, float Prefix, float Fuzzy)> Fields =
    [
        (Name, 10f, 6f, 4f),
        (Sku, 8f, 4f, 0f), // codes are typed or pasted, not misspelt: a near SKU is another product
        (Brand, 5f, 3f, 2f),
        (Category, 3f, 1.5f, 1f),
        (Attributes, 2f, 1f, 0.7f),
        (Description, 1.5f, 0.5f, 0f), // long texts: a fuzzy match there is mostly noise, and the costliest to expand
    ];

    /// <summary>A pasted whole SKU ("OFFICE-2024-PRO") puts that product first.</summary>
    public const float WholeSkuBoost = 50f;

    /// <summary>
    /// Words, lower-cased and without accents ("Café" → "cafe"), split like the indexed text.
    /// Indexing and querying must use the same analyzer, or "Café" would never match "cafe".
    /// </summary>
    public static Analyzer CreateAnalyzer() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });

    public static IReadOnlyList<string> Terms(Analyzer analyzer, string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }
        using var stream = analyzer.GetTokenStream(Name, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && terms.Count < MaxTerms)
        {
            var value = term.ToString();
            if (!terms.Contains(value, StringComparer.Ordinal))
            {
                terms.Add(value);
            }
        }
        stream.End();
        return terms;
    }

    /// <summary>Words beyond this are ignored: a query is a few words, not a pasted page.</summary>
    public const int MaxTerms = 8;

    /// <summary>
    /// Typos a word may have: none up to 2 letters (too many words are one edit from "pc"),
    /// 1 up to 5 letters ("offce"), 2 from 6 ("microsfot" is one swap anyway). Words with
    /// digits need the exact number ("2023" is not "2024").
    /// </summary>
    public static int MaxEdits(string term) =>
        term.Any(char.IsDigit) ? 0
        : term.Length <= 2 ? 0
        : term.Length <= 5 ? 1
        : 2;

    /// <summary>The text part of a search; no words lists everything.</summary>
    /// <param name="matchAll">Every word must match (true) or any word (the relaxed retry).</param>
    public static Query Build(IReadOnlyList<string> terms, string? wholeText, bool matchAll = true)
    {
        if (terms.Count == 0)
        {
            return new MatchAllDocsQuery();
        }
        var query = new BooleanQuery();
        var words = new BooleanQuery();
        foreach (var term in terms)
        {
            words.Add(Word(term), matchAll ? Occur.MUST : Occur.SHOULD);
        }
        query.Add(words, Occur.MUST);
        if (wholeText?.Trim().ToLowerInvariant() is { Length: > 0 } sku)
        {
            query.Add(new TermQuery(new Term(SkuKey, sku)) { Boost = WholeSkuBoost }, Occur.SHOULD);
        }
        return query;
    }

    /// <summary>One word in any field: exact, prefix or fuzzy, the best of them counting.</summary>
    public static Query Word(string term)
    {
        var edits = MaxEdits(term);
        var any = new DisjunctionMaxQuery(0.1f);
        foreach (var (field, exact, prefix, fuzzy) in Fields)
        {
            any.Add(new TermQuery(new Term(field, term)) { Boost = exact });
            any.Add(new PrefixQuery(new Term(field, term)) { Boost = prefix });
            if (edits > 0 && fuzzy > 0)
            {
                // The first letter is rarely the typo, and fixing it keeps the term scan small.
                any.Add(new FuzzyQuery(new Term(field, term), edits, prefixLength: 1) { Boost = fuzzy });
            }
        }
        return any;
    }
}
