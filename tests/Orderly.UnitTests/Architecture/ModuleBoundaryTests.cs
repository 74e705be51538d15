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

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_reaches_other_modules_only_through_their_contracts(string folder)
    {
        var root = SourceRoot();
        var modules = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties")).ToHashSet();
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in NamespaceReference().Matches(lines[i]))
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
