using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Orderly.Hosting;

/// <summary>
/// The shared Redis connection, registered when <c>ConnectionStrings:Redis</c> is set
/// (scale-out). Modules take <see cref="IConnectionMultiplexer"/> for what Redis is good at
/// across instances: fan-out of live notifications today.
/// </summary>
public static class RedisConnection
{
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(redis);
                // Keep retrying in the background instead of failing start-up while Redis restarts.
                options.AbortOnConnectFail = false;
                options.ClientName = "orderly";
                return ConnectionMultiplexer.Connect(options);
            });
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        }
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisException ex)
            {
                return HealthCheckResult.Unhealthy("Redis unreachable.", ex);
            }
        }
    }
}
