using System.CommandLine;
using Orderly.Accounts.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;
using Orderly.Reseller.Contracts;

namespace Orderly.Accounts;

/// <summary>
/// <c>orderly users add &lt;email&gt; --role admin</c>: the first staff sign-in of a new shop;
/// <c>--role merchant --merchant &lt;id&gt;</c>: a sign-in for that merchant's dashboard.
/// </summary>
public static class UsersCommands
{
    public static Command Create(Func<string[], WebApplication> build)
    {
        var email = new Argument<string>("email") { Description = "The e-mail address the person signs in with." };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", WebRoles.All)}, {WebRoles.Merchant}.", DefaultValueFactory = _ => WebRoles.Admin };
        var merchant = new Option<Guid?>("--merchant") { Description = "With --role merchant: the id of the merchant whose dashboard the person uses." };
        var add = new Command("add", "Create a staff or merchant user (or set an existing user's role and password). The password is read from standard input, so it stays out of the shell history.") { email, role, merchant };
        add.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var merchantId = parse.GetValue(merchant);
            if ((parse.GetValue(role) == WebRoles.Merchant) != merchantId.HasValue)
            {
                await error.WriteLineAsync("--merchant <id> goes with --role merchant, and only with it.");
                return 2;
            }
            if (!Console.IsInputRedirected)
            {
                await parse.InvocationConfiguration.Output.WriteAsync("Password (at least 10 characters): ");
            }
            var password = await Console.In.ReadLineAsync(ct);
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync("No password given on standard input.");
                return 2;
            }
            await using var app = build(OrderlyCli.Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            if (merchantId is { } id)
            {
                return await AddMerchantUserAsync(parse, scope.ServiceProvider, parse.GetValue(email)!.Trim(), password, id, ct);
            }
            var outcome = await scope.ServiceProvider.GetRequiredService<AddStaffUser>().HandleAsync(parse.GetValue(email)!.Trim(), password, parse.GetValue(role)!, ct);
            switch (outcome)
            {
                case AddStaffUser.Outcome.Created:
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Created {parse.GetValue(email)} ({parse.GetValue(role)}). Sign in at /account/login.");
                    return 0;
                case AddStaffUser.Outcome.Updated:
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Updated {parse.GetValue(email)}: role {parse.GetValue(role)}, new password.");
                    return 0;
                case AddStaffUser.Outcome.Refused r:
                    foreach (var line in r.Errors)
                    {
                        await error.WriteLineAsync(line);
                    }
                    return 2;
                default:
                    return 3;
            }
        });
        return new Command("users", "People who sign in to the web pages.") { add };
    }

    private static async Task<int> AddMerchantUserAsync(ParseResult parse, IServiceProvider services, string email, string password, Guid merchantId, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!await services.GetRequiredService<IMerchantDirectory>().ExistsAsync(merchantId, ct))
        {
            await error.WriteLineAsync($"Merchant {merchantId} does not exist.");
            return 2;
        }
        switch (await services.GetRequiredService<IMerchantUsers>().AddAsync(email, password, merchantId, null, ct))
        {
            case MerchantUserOutcome.Added added:
                await output.WriteLineAsync(added.Created
                    ? $"Created {email} (merchant {merchantId}). Sign in at /account/login; the dashboard is /merchant."
                    : $"Updated {email}: merchant {merchantId}, new password.");
                return 0;
            case MerchantUserOutcome.Refused refused:
                foreach (var line in refused.Errors)
                {
                    await error.WriteLineAsync(line);
                }
                return 2;
            default:
                return 3;
        }
    }
}
