// A licensed application in a few lines: activate on this domain, then keep the license checked
// on the lease's schedule. Run the shop (dotnet run --project src/Orderly), buy a licensable
// product, then:
//   dotnet run --project samples/Orderly.Licensing.Sample -- http://localhost:5080 YOUR-KEY shop.example
using Orderly.Licensing.Client;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Orderly.Licensing.Sample <server-url> <license-key> <domain> [issuer]");
    return 2;
}

var server = new Uri(args[0].TrimEnd('/') + "/");
using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
var client = new LicenseClient(http, new LicenseClientOptions
{
    Key = args[1],
    Domain = args[2],
    InstanceName = Environment.MachineName,
    Issuer = args.Length > 3 ? args[3] : server.GetLeftPart(UriPartial.Authority),
    CachePath = Path.Combine(Path.GetTempPath(), "orderly-license-sample.json"),
});

try
{
    var first = await client.ActivateAsync();
    Console.WriteLine($"Activated: {first.State}, entitlements: {string.Join(", ", first.Lease?.Entitlements ?? [])}");
}
catch (LicenseRefusedException refused)
{
    Console.Error.WriteLine($"Activation refused: {refused.Code}");
    return 1;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
Console.WriteLine("Checking on the lease's schedule; Ctrl+C to stop.");
await client.RunAsync(check =>
{
    var protectedFeatures = check.IsLicensed && check.Lease!.HasEntitlement("updates") ? "updates on" : "updates off";
    Console.WriteLine($"{check.State}{(check.Reason is null ? "" : $" ({check.Reason})")}: lease until {check.Lease?.ExpiresAt:u}, grace until {check.Lease?.GraceUntil:u}; {protectedFeatures}");
}, stop.Token);
return 0;
