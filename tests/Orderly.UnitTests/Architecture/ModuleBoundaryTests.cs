using System.Text.RegularExpressions;

namespace Orderly.UnitTests.Architecture;

/// <summary>
/// The module rules of ARCHITECTURE.md, checked on the source: a module uses another module only
/// through its Contracts namespace, and the platform (Hosting, Persistence, Messaging) uses no module.
/// The web pages (Web) are callers like the HTTP endpoints: they may call a module's use-case
/// handlers and Contracts, never its Persistence and never the DbContext.
/// </summary>
public sealed partial class ModuleBoundaryTests
{
    private static readonly string[] Platform = ["Hosting", "Persistence", "Messaging"];
    private const string Web = "Web";

    [GeneratedRegex(@"\bOrderly\.(?<module>[A-Z][A-Za-z]+)(?<rest>(\.[A-Z][A-Za-z]+)*)")]
    private static partial Regex NamespaceReference();

    /// <summary>
    /// A qualified name not rooted at <c>Orderly.</c>: code in namespace <c>Orderly.X</c> reaches
    /// <c>Orderly.Web.WebPage</c> as <c>Web.WebPage</c>. Not preceded by a dot or a name character,
    /// so it is the start of the name (a member access like <c>order.Payments</c> is not one).
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])(?<module>[A-Z][A-Za-z]+)(?<rest>(\.[A-Z][A-Za-z]+)+)")]
    private static partial Regex RelativeReference();

    internal static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orderly.slnx")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Orderly.slnx not found above the test binaries."), "src", "Orderly");
    }

    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(SourceRoot()).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties")).Order())
        {
            data.Add(folder!);
        }
        return data;
    }

    /// <summary>
    /// What a folder declares, as the first name after the folder's own in a qualified name: its
    /// subfolders (namespaces) and its files' names (types; one type per file).
    /// </summary>
    private static Dictionary<string, HashSet<string>> DeclaredNames(string root, IEnumerable<string> modules) =>
        modules.ToDictionary(m => m, m =>
        {
            var folder = Path.Combine(root, m);
            var names = Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
                .Concat(Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                    .Select(f => Path.GetFileName(f).Split('.')[0]));
            return names.OfType<string>().ToHashSet(StringComparer.Ordinal);
        }, StringComparer.Ordinal);

    /// <summary>The module references of one line: <c>Orderly.X.Rest</c>, and <c>X.Name.Rest</c> when module X declares Name.</summary>
    private static IEnumerable<Match> References(string line, Dictionary<string, HashSet<string>> declared) =>
        NamespaceReference().Matches(line).Concat(RelativeReference().Matches(line).Where(m =>
            declared.TryGetValue(m.Groups["module"].Value, out var names) && names.Contains(m.Groups["rest"].Value.Split('.')[1])));

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_reaches_other_modules_only_through_their_contracts(string folder)
    {
        var root = SourceRoot();
        var modules = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties")).OfType<string>().ToHashSet();
        var declared = DeclaredNames(root, modules);
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var match in References(lines[i], declared))
                {
                    var target = match.Groups["module"].Value;
                    if (target == folder || !modules.Contains(target) || Platform.Contains(target))
                    {
                        continue;
                    }
                    var rest = match.Groups["rest"].Value;
                    var allowed = folder == Web
                        ? !rest.StartsWith(".Persistence", StringComparison.Ordinal)
                        : !Platform.Contains(folder) && rest.StartsWith(".Contracts", StringComparison.Ordinal);
                    if (!allowed)
                    {
                        violations.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {match.Value}");
                    }
                }
            }
        }
        Assert.True(violations.Count == 0, $"{folder} reaches into other modules:\n{string.Join('\n', violations)}");
    }

    [Fact]
    public void A_reference_without_the_Orderly_prefix_counts_when_the_module_declares_the_name()
    {
        var declared = DeclaredNames(SourceRoot(), ["Web", "Delivery"]);

        Assert.Equal(["Web"], References("var text = Web.WebPage.Price(total);", declared).Select(m => m.Groups["module"].Value));
        Assert.Equal(["Web"], References("using Orderly.Web.Admin;", declared).Select(m => m.Groups["module"].Value));
        // A member access, and a name the module does not declare, are not module references.
        Assert.Empty(References("var x = order.Web.WebPage; var y = Delivery.NotAType;", declared));
    }

    [Fact]
    public void Web_pages_never_touch_the_database_context()
    {
        var web = Path.Combine(SourceRoot(), Web);
        var violations = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("OrderlyDbContext", StringComparison.Ordinal) || l.Text.Contains("Orderly.Persistence", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(web, l.File)}:{l.Line}")
            .ToList();
        Assert.True(violations.Count == 0, $"Web pages use the database directly (call a module's handler instead):\n{string.Join('\n', violations)}");
    }
}
