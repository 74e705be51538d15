using System.CommandLine;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Audit;

/// <summary><c>orderly audit verify</c>: exit code 1 when the chain was tampered with.</summary>
public static class AuditCommands
{
    public static Command Create(Func<string[], WebApplication> build)
    {
        var verify = new Command("verify", "Check the audit log's hash chain; exit code 1 when it was tampered with.");
        verify.SetAction(async (parse, ct) =>
        {
            await using var app = build(OrderlyCli.Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SealAuditEntries>().HandleAsync(int.MaxValue, ct);
            var result = await scope.ServiceProvider.GetRequiredService<VerifyAuditChain>().HandleAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            if (result.Intact)
            {
                await output.WriteLineAsync($"Audit log intact: {result.Checked} entries verified.");
                return 0;
            }
            await output.WriteLineAsync($"Audit log TAMPERED: {result.Problems.Count} problem(s) in {result.Checked} entries:");
            foreach (var problem in result.Problems)
            {
                await output.WriteLineAsync($"  {problem}");
            }
            return 1;
        });
        return new Command("audit", "Audit log.") { verify };
    }
}
