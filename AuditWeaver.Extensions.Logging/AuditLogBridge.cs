using System;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditWeaver.Extensions.Logging;

/// <summary>
/// The hook behind <c>AddAuditLogging</c>. It is registered as a logger provider (that writes nothing) only to be
/// created with the application's LoggerFactory, which no dependency beyond the logging abstractions could otherwise
/// notice; from then on it adds the hook, and writes through the application's own loggers once the factory is ready.
/// Hooks cannot be removed, so a disposed bridge (its container was disposed) just stops writing.
/// </summary>
internal sealed class AuditLogBridge : ILoggerProvider
{
    private readonly IServiceProvider _services;
    private readonly AuditLoggingOptions _options;
    private ILogger? _logger;
    private volatile bool _factoryReady;
    private volatile bool _disposed;

    public AuditLogBridge(IServiceProvider services, AuditLoggingOptions options)
    {
        _services = services;
        _options = options;
        Audit.AddHook(Write);
    }

    /// <summary>
    /// The factory calls this only once it is built, so resolving it from here on cannot re-enter its construction.
    /// </summary>
    public ILogger CreateLogger(string categoryName)
    {
        _factoryReady = true;
        return NullLogger.Instance;
    }

    public void Dispose() => _disposed = true;

    private void Write(AuditEvent auditEvent)
    {
        if (_disposed || !_factoryReady || (_options.Filter != null && !_options.Filter(auditEvent)))
        {
            return;
        }

        var logger = Volatile.Read(ref _logger);
        if (logger == null)
        {
            // Two threads may both create one; either logger writes to the same providers.
            logger = _services.GetRequiredService<ILoggerFactory>().CreateLogger(_options.CategoryName);
            Volatile.Write(ref _logger, logger);
        }

        logger.LogAuditEvent(auditEvent, _options.Level);
    }
}
