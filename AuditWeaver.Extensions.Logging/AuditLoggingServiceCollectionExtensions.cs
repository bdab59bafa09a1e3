using System;
using System.Linq;
using AuditWeaver.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AuditWeaver's logging in an <see cref="IServiceCollection"/>.</summary>
public static class AuditLoggingServiceCollectionExtensions
{
    /// <summary>
    /// Writes every audit event to the application's logging (category <c>AuditWeaver</c>, event id 1
    /// <c>AuditEvent</c>, structured fields as <see cref="AuditLoggerExtensions.LogAuditEvent"/> writes them) from the
    /// time the application's LoggerFactory is built and has created its first logger, until the service provider is
    /// disposed. Calling it again adds no second hook; each <paramref name="configure"/> applies to the same options.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddAuditLogging(options => options.Level = LogLevel.Warning);
    /// </code></example>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddAuditLogging(this IServiceCollection services, Action<AuditLoggingOptions>? configure = null)
    {
        if (services == null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = services.Where(d => d.ServiceType == typeof(AuditLoggingOptions)).Select(d => d.ImplementationInstance).OfType<AuditLoggingOptions>().FirstOrDefault();
        if (options == null)
        {
            options = new AuditLoggingOptions();
            services.AddSingleton(options);
        }

        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, AuditLogBridge>(
            provider => new AuditLogBridge(provider, provider.GetRequiredService<AuditLoggingOptions>())));
        return services;
    }
}
