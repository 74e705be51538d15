using Orderly.Messaging;

namespace Orderly.Accounts.Contracts;

/// <summary>The kinds of e-mail an account needs (<see cref="AccountEmailRequested.Kind"/>).</summary>
public static class AccountEmailKinds
{
    /// <summary>"Confirm your e-mail address": sign-in is refused until the link is followed.</summary>
    public const string ConfirmEmail = "confirm_email";

    /// <summary>"Choose a new password".</summary>
    public const string ResetPassword = "reset_password";
}

/// <summary>
/// A person's account needs an e-mail (confirmation, password reset). It carries no token on
/// purpose: the outbox row, a dead letter or a log line must never open an account, so the
/// sender asks <see cref="IAccountLinks"/> for a fresh link at the moment it sends.
/// </summary>
[WireName("accounts.account_email_requested")]
public sealed record AccountEmailRequested(Guid UserId, string Email, string Kind, DateTime At);

/// <summary>Links with a one-time token that only the e-mail's recipient gets.</summary>
public interface IAccountLinks
{
    /// <summary>
    /// The absolute link for <paramref name="kind"/> (<see cref="AccountEmailKinds"/>) with a new
    /// token, or null when there is nothing to send any more (user deleted, e-mail already confirmed).
    /// </summary>
    Task<string?> CreateAsync(Guid userId, string kind, CancellationToken cancellationToken);
}
