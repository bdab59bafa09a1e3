using System;
using System.IO;
using AuditWeaver;

// An app that registers its own hook: what woven assemblies it loads raise, it prints.
Audit.AddHook(e => Console.WriteLine("hook: " + e.Name + " " + e.Caller));
var folder = Path.Combine(args[0], "other");
Directory.CreateDirectory(folder);
LayoutLib.Notes.Save(Path.Combine(folder, "lib.txt"), "written by LayoutLib");
Console.WriteLine("other: done");
