package org.rayport.pools.internal.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.rayport.pools.PoolService;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;

@Service
@Command(scope = "rayport", name = "import",
        description = "Imports the DICOM Part 10 files of a directory (and its subdirectories) into a pool, with a"
                + " progress bar. Files that are not DICOM are listed and skipped; nothing is moved or deleted.")
public class DatasetImport implements Action {

    @Argument(index = 0, name = "directory", description = "Where the files are", required = true)
    @Completion(FileCompleter.class)
    String directory;

    @Argument(index = 1, name = "pool", description = "The pool that receives them", required = true)
    @Completion(PoolIdCompleter.class)
    String pool;

    @Reference
    PoolService pools;

    @Reference
    InstanceStore store;

    @Override
    public Object execute() throws Exception {
        PoolCommandSupport.existing(pools, pool);
        Path root = Path.of(directory);
        if (!Files.isDirectory(root)) {
            throw new CommandException(directory + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ImportProgress progress = new ImportProgress(files.size(), System.out);
        int imported = 0;
        int skipped = 0;
        for (Path file : files) {
            try {
                store.importFile(pool, file);
                imported++;
            } catch (InvalidInstanceException notDicom) {
                skipped++;
                progress.note(root.relativize(file) + ": skipped, " + notDicom.getMessage());
            } catch (IOException failed) {
                progress.finish();
                throw new CommandException("Import stopped at " + file + " after " + imported + " files: "
                        + failed.getMessage());
            }
            progress.advance();
        }
        progress.finish();
        System.out.println("Imported " + imported + " file(s) into pool " + pool + (skipped > 0 ? ", skipped "
                + skipped : ""));
        return null;
    }
}
