using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orderly.Web.Admin;

/// <summary>What every admin action handler does first: who is acting, and may they (the page's policy is the weaker one).</summary>
public static class StaffActions
{
    public const string NotAllowed = "Your role does not allow this action.";

    /// <summary>Re-checks <paramref name="policy"/> for the signed-in person, so hiding a button is never the only guard.</summary>
    public static async Task<bool> AllowedAsync(IAuthorizationService authorization, Task<AuthenticationState>? state, string policy)
    {
        if (state is null)
        {
            return false;
        }
        var user = (await state).User;
        return (await authorization.AuthorizeAsync(user, null, policy)).Succeeded;
    }

    /// <summary>The staff member's e-mail address, recorded as the actor in the audit log.</summary>
    public static async Task<string> ActorAsync(Task<AuthenticationState>? state) =>
        state is not null && (await state).User.Identity?.Name is { Length: > 0 } name ? name : "admin";

    public static async Task<Guid> UserIdAsync(Task<AuthenticationState>? state) =>
        state is not null && Guid.TryParse((await state).User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    /// <summary>A handler's refusal as one sentence for the page.</summary>
    public static string Describe(ProblemHttpResult problem) => problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The action failed.";

    /// <summary>"2 h 05 min", "3 min 20 s", "12 s": durations as people read them.</summary>
    public static string Duration(TimeSpan value) => value switch
    {
        { TotalHours: >= 1 } => $"{(int)value.TotalHours} h {value.Minutes:00} min",
        { TotalMinutes: >= 1 } => $"{value.Minutes} min {value.Seconds:00} s",
        _ => $"{value.TotalSeconds:0} s",
    };
}
