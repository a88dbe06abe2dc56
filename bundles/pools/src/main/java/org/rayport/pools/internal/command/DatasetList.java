package org.rayport.pools.internal.command;

import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.pools.PoolService;
import org.rayport.store.DatasetIndex;
import org.rayport.store.Page;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

@Service
@Command(scope = "rayport", name = "dataset-list",
        description = "Lists the studies a pool holds, newest study date first, optionally by patient name prefix.")
public class DatasetList implements Action {

    @Argument(index = 0, name = "pool", description = "The pool", required = true)
    @Completion(PoolIdCompleter.class)
    String pool;

    @Option(name = "--name", description = "Patient name prefix, ignoring case; '^' or a space separates the parts")
    String name;

    @Option(name = "--patient-id", description = "Exact patient ID")
    String patientId;

    @Option(name = "--limit", description = "At most this many studies (1 to 1000, default 50)")
    int limit = 50;

    @Reference
    PoolService pools;

    @Reference
    DatasetIndex index;

    @Override
    public Object execute() throws Exception {
        PoolCommandSupport.existing(pools, pool);
        StudyQuery query = StudyQuery.inPools(Set.of(pool)).page(0, Math.max(1, Math.min(limit, StudyQuery.MAX_LIMIT)));
        if (name != null) {
            query = query.withPatientName(name);
        }
        if (patientId != null) {
            query = query.withPatientId(patientId);
        }
        Page<StudyRecord> page = index.searchStudies(query);
        ShellTable table = new ShellTable().emptyTableText("No studies in pool " + pool);
        table.column("Patient");
        table.column("Patient ID");
        table.column("Date");
        table.column("Modalities");
        table.column("Series").alignRight();
        table.column("Images").alignRight();
        table.column("MB").alignRight();
        table.column("Study UID");
        for (StudyRecord study : page.items()) {
            table.addRow().addContent(study.patient().name(), study.patient().patientId(),
                    study.studyDate() == null ? "" : study.studyDate().toString(),
                    String.join(",", study.modalitiesInStudy()), study.seriesCount(), study.instanceCount(),
                    String.format(java.util.Locale.ROOT, "%.1f", study.sizeBytes() / 1e6), study.studyInstanceUid());
        }
        table.print(System.out);
        if (page.total() > page.items().size()) {
            System.out.println(page.items().size() + " of " + page.total() + " studies; --limit shows more");
        }
        return null;
    }
}
