using System;
using Dispatch.Contracts;
using Dispatch.Library;

namespace Dispatch.App;

public static class Program
{
    public static void Main(string[] args)
    {
        Save(new FileStore(), args.Length > 0 ? args[0] : "dispatch.txt");
        Export(new ProcessExporter());
        Console.WriteLine(Lookups.Resolver()("localhost").Length);
        Lookups.Setting()("on");
        Notify(new LoadingNotifier(), "plugin.dll");
    }

    private static void Save(IStore store, string path) => store.Save(path, "saved");

    private static void Export(Exporter exporter) => exporter.Export("exported");

    private static void Notify(Notifier notifier, string message) => notifier.Notify(message);
}
