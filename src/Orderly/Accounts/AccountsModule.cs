using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// Accounts. Owns: buyer accounts (table accounts_customers) and the people who sign in to the web
/// pages (ASP.NET Core Identity: accounts_users, accounts_roles, ...; see <see cref="StoreUser"/>)
/// and their address books (accounts_addresses). Publishes: AccountReady, AccountEmailRequested.
/// Listens to: OrderPlaced. Pages: Web/Account (register, confirm, reset, the account pages).
/// </summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ICustomerDirectory, CustomerDirectory>();
        builder.Services.AddMessageHandler<OrderPlaced, EnsureAccount>();
        builder.Services.AddScoped<AddStaffUser>();
        builder.Services.AddScoped<IAccountLinks, AccountLinks>();
        builder.Services.AddScoped<RegisterBuyer.Handler>();
        builder.Services.AddScoped<ConfirmEmail.Handler>();
        builder.Services.AddScoped<RequestAccountEmail.Handler>();
        builder.Services.AddScoped<ResetPassword.Handler>();
        builder.Services.AddScoped<UpdateProfile.Handler>();
        builder.Services.AddScoped<SaveAddress.Handler>();
        builder.Services.AddScoped<DeleteAddress.Handler>();
        builder.Services.AddScoped<ExportAccountData.Handler>();
        builder.Services.AddScoped<DeleteAccount.Handler>();
        builder.Services.AddScoped<StaffAccess>();
        builder.Services.AddScoped<ListStaffUsers.Handler>();
        builder.Services.AddScoped<ChangeStaffRole.Handler>();
        builder.Services.AddScoped<LockStaffUser.Handler>();
        builder.Services.AddScoped<RemoveStaffAccess.Handler>();
        builder.Services.AddScoped<IMerchantUsers, AddMerchantUser>();
        AddSignIn(builder.Services);
        return builder;
    }

    private static void AddSignIn(IServiceCollection services)
    {
        services.AddIdentityCore<StoreUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<OrderlyDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "orderly.signin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.Events.OnValidatePrincipal = StaffSessions.ValidatePrincipalAsync;
        });
        var cookie = IdentityConstants.ApplicationScheme;
        services.AddAuthorizationBuilder()
            .AddPolicy(WebPolicies.SignedIn, p => p.AddAuthenticationSchemes(cookie).RequireAuthenticatedUser())
            .AddPolicy(WebPolicies.Staff, p => p.AddAuthenticationSchemes(cookie).RequireRole(WebRoles.Admin, WebRoles.Manager, WebRoles.Support))
            .AddPolicy(WebPolicies.Manager, p => p.AddAuthenticationSchemes(cookie).RequireRole(WebRoles.Admin, WebRoles.Manager))
            .AddPolicy(WebPolicies.Admin, p => p.AddAuthenticationSchemes(cookie).RequireRole(WebRoles.Admin))
            .AddPolicy(WebPolicies.Merchant, p => p.AddAuthenticationSchemes(cookie).RequireRole(WebRoles.Merchant).RequireClaim(MerchantClaims.MerchantId));
    }
}
