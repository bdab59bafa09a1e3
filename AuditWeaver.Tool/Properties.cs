using System.Runtime.CompilerServices;

// The tests run the commands in process, with writers of their own.
[assembly: InternalsVisibleTo("Tests")]
