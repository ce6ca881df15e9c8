using TokenIM.Benchmarks;
using TokenIM.Benchmarks.Scenarios;

const string Usage = """
    TokenIM benchmarks: load a running node through its public API and print one JSON line and a table.

      dotnet run -c Release --project tests/TokenIM.Benchmarks -- <scenario> --url http://127.0.0.1:PORT/graphql [options]

    scenarios and their options (defaults after each name):
      send         --users 64 --concurrency 32 --duration 20 --warmup 5 --mode direct|group (group: --users 50 in one group)
      fanout       --subscribers 200 --messages 200 --rate 100 --warmup 5 --drain-timeout 10 --probe-timeout 10
                   --batch 100 --connect-concurrency 64 --connect-timeout 15 --source-addresses 0
      query        --concurrency 32 --duration 20 --warmup 5 --seed 1000 --first 50 --rich (reactions, quotes and threads on the page)
      search       --messages 1000000 --conversations 10000 --member-of 50 --writers 20 --seed-concurrency 32
                   --concurrency 16 --duration 20 --warmup 5 --first 20
      connections  --connections 1000 --sockets-per-user 1 --group-max 1000 --batch 100 --connect-concurrency 100
                   --connect-timeout 30 --hold 3 --deliver-timeout 30 --source-addresses auto --workers auto
      resume       --subscribers 200 --changes 20000 --groups 20 --concurrency (groups) --resume-url URL (default: --url)
                   --connect-concurrency 64 --connect-timeout 15 --catch-up-timeout 120 --settle 1
      files        --size-mb 25 --transfers 20 --warmup 3 (createUpload + PUT, then GET of the attachment's url; MB/s each way, node memory per transfer)
    every scenario:
      --url URL (required, loopback only) --server-pid PID (memory and CPU figures) --restart-signal PATH (send, query: see tests/bench.sh --fresh) --prefix bench --setup-concurrency 8 --request-timeout 30 --max-run 3600
    Exit status: 0 when the run had no errors and met its checks, 1 when not, 2 for bad options.
    """;

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.Out.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == ConnectionsWorker.Command)
    return await ConnectionsWorker.RunAsync(args);

Options options;
Report report;
BenchContext context;
using var run = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    run.Cancel();
};
var startedAt = DateTimeOffset.UtcNow;
try
{
    options = Options.Parse(args);
    report = new Report(options.Scenario);
    run.CancelAfter(options.Seconds("max-run", 3600, 1, 24 * 3600));
    context = new BenchContext(options, report, run.Token);
}
catch (OptionException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{Usage}");
    return 2;
}

Func<BenchContext, Task> scenario;
switch (options.Scenario)
{
    case "send": scenario = SendScenario.RunAsync; break;
    case "fanout": scenario = FanoutScenario.RunAsync; break;
    case "query": scenario = QueryScenario.RunAsync; break;
    case "search": scenario = SearchScenario.RunAsync; break;
    case "connections": scenario = ConnectionsScenario.RunAsync; break;
    case "resume": scenario = ResumeScenario.RunAsync; break;
    case "files": scenario = FilesScenario.RunAsync; break;
    default:
        Console.Error.WriteLine($"error: unknown scenario '{options.Scenario}'\n\n{Usage}");
        return 2;
}

try
{
    await scenario(context);
}
catch (OptionException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{Usage}");
    return 2;
}
catch (OperationCanceledException) when (run.IsCancellationRequested)
{
    report.Failures.Add("stopped before the end (--max-run reached or interrupted)");
}
catch (Exception e)
{
    report.Failures.Add($"the run failed: {(e is GraphQLRequestException g ? g.Code + ": " : e.GetType().Name + ": ")}{e.Message}");
    if (e is not (GraphQLRequestException or HttpRequestException)) Console.Error.WriteLine(e);   // a bug of ours: show where
}

report.Print(context.Url, startedAt);
return report.Ok ? 0 : 1;
