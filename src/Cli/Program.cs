using ReleaseTrain.Cli;

return CliApplication.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
