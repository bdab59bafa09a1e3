using System;
using System.IO;
using System.Linq;
using Microsoft.Diagnostics.Tracing;

if (args.Length != 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: NetTraceEvents <file.nettrace> <provider name> (the file must exist)");
    return 2;
}

// EventPipe traces carry each event's metadata (names and payload field names), so the dynamic parser decodes an
// EventSource's events without its manifest.
var count = 0;
using (var source = new EventPipeEventSource(args[0]))
{
    source.Dynamic.All += e =>
    {
        if (e.ProviderName == args[1])
        {
            count++;
            var payload = e.PayloadNames.Select((name, i) => name + "=" + e.PayloadString(i));
            Console.WriteLine(e.ProviderName + "/" + e.EventName + " " + string.Join(" ", payload));
        }
    };
    source.Process();
}

Console.WriteLine(count + " events from " + args[1]);
return 0;
