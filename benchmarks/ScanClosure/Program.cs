// Never built: the scan reads this project's restore (see WebService.csproj and ../scan-closure.sh).
System.Console.WriteLine("restored for auditweaver scan");
