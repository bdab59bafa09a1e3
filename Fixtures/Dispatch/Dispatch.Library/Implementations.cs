using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Reflection;
using Dispatch.Contracts;

namespace Dispatch.Library;

public sealed class FileStore : IStore
{
    public void Save(string path, string text) => File.WriteAllText(path, text);
}

public sealed class ProcessExporter : Exporter
{
    public override void Export(string target) => Process.Start("echo", target)?.WaitForExit();
}

public static class Lookups
{
    /// <summary>A delegate made from a method group: nothing calls Resolve directly.</summary>
    public static Func<string, IPAddress[]> Resolver() => Resolve;

    /// <summary>A delegate made from a lambda.</summary>
    public static Action<string> Setting() => value => Environment.SetEnvironmentVariable("DISPATCH_SETTING", value);

    private static IPAddress[] Resolve(string host) => Dns.GetHostAddresses(host);
}

/// <summary>
/// Hides Notifier.Notify with a new slot: a call of Notifier.Notify on a LoadingNotifier runs Notifier's own method, so
/// the call graph must not reach assembly-load through it.
/// </summary>
public class LoadingNotifier : Notifier
{
    public new virtual void Notify(string message) => Assembly.LoadFrom(message);
}

/// <summary>
/// Implements IStore.Save explicitly and declares, before it, a public virtual Save of the same signature: a call
/// through IStore runs the explicit implementation (the runtime takes a MethodImpl before a method of the same name).
/// </summary>
public class PluginStore : IStore
{
    public virtual void Save(string path, string text)
    {
    }

    void IStore.Save(string path, string text) => Activator.CreateInstance(typeof(PluginStore), path, text);
}
