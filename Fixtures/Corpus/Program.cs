using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using AuditWeaver;
using Corpus;

// Usage: Corpus <data folder> [--hook <events file>]. Every line printed is a result (or an exception's type and
// message) that a woven run must reproduce exactly; the data folder is printed as <data> so that runs in different
// folders compare equal. With --hook, a hook that only records is added and what it saw is written to the events file.
var folder = Path.GetFullPath(args[0]);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

var events = new ConcurrentQueue<string>();
if (args.Length > 2 && args[1] == "--hook")
{
    Audit.AddHook(e => events.Enqueue(e.Name + "\t" + e.Caller + "\t" + e.FormatArguments()));
}

var report = new Report(folder);
Serialization.Run(report, folder);
Documents.Run(report, folder);
Storage.Run(report, folder);
Logic.Run(report);
Libraries.Run(report);

if (args.Length > 2 && args[1] == "--hook")
{
    File.WriteAllLines(args[2], events.ToArray());
}

return 0;
