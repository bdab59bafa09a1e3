using System;
using System.IO;

// Writes a note through the library and one itself, into the folder it is given.
var folder = Directory.CreateDirectory(Path.Combine(args[0], "app")).FullName;
LayoutLib.Notes.Save(Path.Combine(folder, "lib.txt"), "written by LayoutLib");
File.WriteAllText(Path.Combine(folder, "app.txt"), "written by LayoutApp");
Console.WriteLine("app: wrote " + string.Join(", ", Directory.GetFiles(folder).Length) + " files");
