using System;
#if NET8_0_OR_GREATER
using System.Collections.Generic;
#endif

namespace AuditWeaver.Hooks.Log;

/// <summary>
/// Writes the log out on every way a process ends that runs code: normal exit and <c>Environment.Exit</c> (ProcessExit),
/// an unhandled exception, and SIGINT (Ctrl+C), SIGTERM, SIGQUIT and SIGHUP, which end a .NET console program without
/// ProcessExit. From then on each event is written before it returns, so events raised by the rest of the shutdown are
/// kept too. Only <c>kill -9</c> and a crash of the runtime itself end a process without it (docs/runtime.md).
/// </summary>
internal static class LogExit
{
#if NET8_0_OR_GREATER
    // A registration that is collected stops handling its signal.
    private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> s_registrations = new();
#endif

    internal static void WriteThroughWhenExiting(LogWriter writer)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => writer.WriteThrough();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => writer.WriteThrough();
#if NET8_0_OR_GREATER
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGQUIT, System.Runtime.InteropServices.PosixSignal.SIGHUP })
        {
            try
            {
                // Not cancelled: the signal then does what it would have done, after the log is written.
                s_registrations.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, _ => writer.WriteThrough()));
            }
            catch (Exception exception) when (exception is PlatformNotSupportedException or System.IO.IOException)
            {
                // This platform cannot hand the signal to managed code; ProcessExit is all there is.
            }
        }
#else
        Console.CancelKeyPress += (_, _) => writer.WriteThrough();
#endif
    }
}
