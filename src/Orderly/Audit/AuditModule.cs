using Orderly.Audit.Contracts;
using Orderly.Hosting;

namespace Orderly.Audit;

/// <summary>
/// Audit. Owns: the hash-chained, append-only log (tables audit_*). Publishes: nothing.
/// Every module appends through <see cref="IAuditLog"/>; the platform through <see cref="IAdminActionLog"/>.
/// </summary>
public static class AuditModule
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        builder.Services.AddScoped<IAdminActionLog>(sp => sp.GetRequiredService<AuditLog>());
        builder.Services.AddScoped<IAuditTrail, ReadOrderAuditTrail>();
        builder.Services.AddScoped<SealAuditEntries>();
        builder.Services.AddScoped<VerifyAuditChain>();
        builder.Services.AddScoped<SearchAuditLog.Handler>();
        builder.Services.AddSingleton<AuditSealWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditSealWorker>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Audit");
        admin.MapGet("/orders/{id:guid}/audit", GetOrderAudit.HandleAsync).WithName("GetOrderAudit");
        admin.MapGet("/audit/verify", VerifyAuditChain.EndpointAsync).WithName("VerifyAudit");
        return app;
    }
}
