using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// Runs independent items on several threads and hands their results on in item order, each as soon as it and every
/// item before it are done: progress and reports read the same whatever thread finished first.
/// </summary>
internal static class OrderedWork
{
    /// <summary>How many threads a scan uses: one per core, at most four.</summary>
    internal static int Workers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Calls <paramref name="work"/>(item) for items 0 .. <paramref name="count"/> - 1 on <paramref name="workers"/>
    /// threads, then <paramref name="inOrder"/>(item, result) for each in item order, one at a time. The first exception stops the items not yet started and is
    /// rethrown as it was thrown.
    /// </summary>
    internal static void Run<T>(int count, int workers, Func<int, T> work, Action<int, T> inOrder)
    {
        var results = new T[count];
        var done = new bool[count];
        var next = -1;
        var handedOn = 0;
        var gate = new object();
        void Worker()
        {
            for (var item = Interlocked.Increment(ref next); item < count; item = Interlocked.Increment(ref next))
            {
                var result = work(item);
                lock (gate)
                {
                    results[item] = result;
                    done[item] = true;
                    for (; handedOn < count && done[handedOn]; handedOn++)
                    {
                        inOrder(handedOn, results[handedOn]);
                        results[handedOn] = default!;
                    }
                }
            }
        }

        var threads = Math.Clamp(Math.Min(workers, count), 1, int.MaxValue);
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                try
                {
                    Worker();
                }
                catch
                {
                    // No new items: the others finish the one they are on.
                    Interlocked.Exchange(ref next, count);
                    throw;
                }
            });
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(exception.InnerExceptions[0]).Throw();
        }
    }
}
