using System.IO;
using System.Threading.Tasks;

namespace DebugLibrary;

/// <summary>
/// An async void method with an audited call before its await: async void (and async Main) is the only async shape
/// whose PDB names the compiler's catch handler, so that a debugger can report the exceptions it catches as unhandled.
/// </summary>
public sealed class Callbacks
{
    public async void Notify(string path, TaskCompletionSource<bool> done)
    {
        var existed = File.Exists(path);
        await Task.Yield();
        done.SetResult(existed && File.Exists(path));
    }
}
