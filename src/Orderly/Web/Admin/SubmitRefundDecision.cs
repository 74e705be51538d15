using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Accounts.Contracts;
using Orderly.Orders;

namespace Orderly.Web.Admin;

/// <summary>
/// A manager's approve or decline, from the order page or the refund-request queue: the role
/// checked again for the action, a decline's missing message answered next to its field, then
/// <see cref="DecideRefundRequest.Handler"/> (guarded claim, audit, e-mail). One place, so both
/// pages decide by the same rules.
/// </summary>
internal static class SubmitRefundDecision
{
    public const string MessageRequired = "Tell the buyer why: the e-mail and their order page show it.";

    public abstract record Outcome
    {
        public sealed record Decided(DecideRefundRequest.Decided Decision) : Outcome
        {
            /// <summary>"approved" or "declined", for the page's confirmation.</summary>
            public string Done => Decision.Status == RefundRequestNames.Approved ? "approved" : "declined";
        }

        public sealed record MessageMissing : Outcome;

        public sealed record Refused(string Error) : Outcome;
    }

    public static async Task<Outcome> HandleAsync(DecideRefundRequest.Handler decisions, IAuthorizationService authorization, Task<AuthenticationState>? state,
        Guid requestId, string? decision, string? message, CancellationToken ct)
    {
        if (!await StaffActions.AllowedAsync(authorization, state, WebPolicies.Manager))
        {
            return new Outcome.Refused(StaffActions.NotAllowed);
        }
        if (decision == "decline" && string.IsNullOrWhiteSpace(message))
        {
            return new Outcome.MessageMissing();
        }
        var result = await decisions.HandleAsync(requestId, new DecideRefundRequest.DecisionRequest(decision, message), await StaffActions.ActorAsync(state), ct);
        return result.Result switch
        {
            Ok<DecideRefundRequest.Decided> { Value: { } decided } => new Outcome.Decided(decided),
            ProblemHttpResult problem => new Outcome.Refused(StaffActions.Describe(problem)),
            _ => throw new InvalidOperationException("Unhandled decision result."),
        };
    }
}
