using System.Text.RegularExpressions;
using Orderly.UnitTests.Architecture;

namespace Orderly.UnitTests.Licensing;

/// <summary>
/// Every source file that writes licenses or activations tells the validation snapshot (ADR 0027),
/// or is listed here with the reason its writes cannot make a kept lease wrong. A new write path
/// that forgets the snapshot fails here before it serves a stale lease.
/// </summary>
public sealed partial class ValidationSnapshotWritersTests
{
    /// <summary>Writers that need no invalidation, and why.</summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        ["Licensing/ActivationBatcher.cs"] = "adds new activations (never kept before they exist) and counts seats (not part of a lease)",
        ["Licensing/RecordActivationSightings.cs"] = "writes last-seen times (not part of a lease)",
        ["Licensing/IssueLicenses.cs"] = "adds new licenses, which have no activation yet",
    };

    [GeneratedRegex(@"Set<(License|Activation)>\(\)")]
    private static partial Regex LicensingTables();

    [GeneratedRegex(@"ExecuteUpdate|ExecuteDelete|SaveChanges|ExecuteSql|Set<(License|Activation)>\(\)\.(Add|AddRange|Remove|RemoveRange|Update)\(")]
    private static partial Regex Writes();

    [Fact]
    public void Every_writer_of_licenses_or_activations_invalidates_the_validation_snapshot_or_says_why_not()
    {
        var root = ModuleBoundaryTests.SourceRoot();
        var writers = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(f => (Path: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), Text: File.ReadAllText(f)))
            .Where(f => LicensingTables().IsMatch(f.Text) && Writes().IsMatch(f.Text))
            .ToList();

        Assert.Contains(writers, w => w.Path == "Licensing/ChangeLicenseStatus.cs");
        var forgotten = writers.Where(w => !Exempt.ContainsKey(w.Path) && !w.Text.Contains("snapshot.Changed(", StringComparison.Ordinal)).Select(w => w.Path);
        Assert.Empty(forgotten);
        Assert.DoesNotContain(Exempt.Keys, e => writers.All(w => w.Path != e));
    }
}
