package dev.aqueduct.storage.jpa;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The plugin's persistence unit, described in code instead of a META-INF/persistence.xml: an application server scans
 * the WAR's jars for that file and would take the unit over as a container-managed, JTA unit wanting a server data
 * source. This one is RESOURCE_LOCAL on the plugin's own connection pool, lists its entities, and keeps no shared
 * cache (other nodes write to the same tables).
 */
final class UnitInfo implements PersistenceUnitInfo {

    static final List<Class<?>> ENTITIES = List.of(DocumentRow.class, UpdateRow.class, SnapshotRow.class,
            VersionRow.class, AuditRow.class);

    private final String providerClass;
    private final DataSource dataSource;
    private final Properties properties;

    UnitInfo(String providerClass, DataSource dataSource, Properties properties) {
        this.providerClass = providerClass;
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public String getPersistenceUnitName() {
        return "aqueduct-documents";
    }

    @Override
    public String getPersistenceProviderClassName() {
        return providerClass;
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        // the plugin jar (or classes folder); providers resolve the unit's resources against it
        return UnitInfo.class.getProtectionDomain().getCodeSource().getLocation();
    }

    @Override
    public List<String> getManagedClassNames() {
        return ENTITIES.stream().map(Class::getName).toList();
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return UnitInfo.class.getClassLoader();
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // no byte code weaving: the entities are plain field-access classes
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return UnitInfo.class.getClassLoader();
    }
}
