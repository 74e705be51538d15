using System.CommandLine;
using Orderly.Accounts.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary><c>orderly users add &lt;email&gt; --role admin</c>: the first staff sign-in of a new shop.</summary>
public static class UsersCommands
{
    public static Command Create(Func<string[], WebApplication> build)
    {
        var email = new Argument<string>("email") { Description = "The e-mail address the person signs in with." };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", WebRoles.All)}.", DefaultValueFactory = _ => WebRoles.Admin };
        var add = new Command("add", "Create a staff user (or set an existing user's role and password). The password is read from standard input, so it stays out of the shell history.") { email, role };
        add.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
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
}
