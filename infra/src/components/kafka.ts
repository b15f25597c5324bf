import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Endpoints } from '@orderflow/config';
import { runningDaemonPid, startDaemon, stopDaemon } from '../daemon.ts';
import { layout } from '../layout.ts';
import { run } from '../shell.ts';
import { say, type Component } from './component.ts';
import { javaAtLeast } from './java.ts';
import { installWithMaven } from './maven.ts';

export const kafkaVersion = '4.1.1';
const controllerPortOffset = 1;
const minimumJava = 17;

/**
 * Apache Kafka, one node in KRaft mode (broker and controller in one JVM), from the Maven
 * Central jars. Topics are Orderflow's to create: auto-creation is off.
 */
export const createKafka = (endpoints: Endpoints): Component => {
  const [host = '127.0.0.1', portText = '19092'] = (endpoints.kafkaBrokers[0] ?? '').split(':');
  const port = Number(portText);
  const installDir = path.join(layout.tools, `kafka-${kafkaVersion}`);
  const classpath = `${path.join(installDir, 'libs')}/*`;
  const logDir = path.join(layout.data, 'kafka');
  const configFile = path.join(layout.config, 'kafka.properties');

  const writeConfig = () => {
    mkdirSync(layout.config, { recursive: true });
    const controller = `${host}:${port + controllerPortOffset}`;
    writeFileSync(
      configFile,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.bootstrap.servers=${controller}`,
        `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${controller}`,
        `advertised.listeners=PLAINTEXT://${host}:${port}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        `log.dirs=${logDir}`,
        'auto.create.topics.enable=false',
        'num.partitions=3',
        // A single node can hold only one replica of the internal topics.
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=10',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'transaction.state.log.num.partitions=10',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        // Tests and local runs join groups constantly; waiting for more members only slows them.
        'group.initial.rebalance.delay.ms=0',
        // Events are the system of record: never delete them by age or size.
        'log.retention.hours=-1',
        'num.network.threads=2',
        'num.io.threads=4',
        'background.threads=4',
        'log.cleaner.dedupe.buffer.size=33554432',
      ].join('\n') + '\n',
    );
  };

  const java = (mainClass: string, args: string[]) => [
    '-cp',
    classpath,
    `-Dlog4j2.configurationFile=${path.join(layout.infraSources, 'kafka', 'log4j2.yaml')}`,
    mainClass,
    ...args,
  ];

  const formatStorage = async () => {
    if (existsSync(path.join(logDir, 'meta.properties'))) return;
    const hint = '`npm run infra -- reset` starts Kafka from an empty data folder';
    const { stdout } = await run(
      await javaAtLeast(minimumJava),
      java('kafka.tools.StorageTool', ['random-uuid']),
      { hint },
    );
    const clusterId = stdout.trim().split('\n').pop() ?? '';
    say(`formatting Kafka storage in ${logDir} (cluster ${clusterId})`);
    await run(
      await javaAtLeast(minimumJava),
      java('kafka.tools.StorageTool', [
        'format',
        '--standalone',
        '-t',
        clusterId,
        '-c',
        configFile,
      ]),
      { hint },
    );
  };

  return {
    name: 'kafka',
    title: `Apache Kafka ${kafkaVersion} (KRaft)`,
    variable: 'KAFKA_BROKERS',
    dependsOn: [],
    host,
    port,
    startupTimeoutSeconds: 90,
    dataDirectories: [logDir],
    probe: () => probeKafka(endpoints.kafkaBrokers),
    install: async () => {
      await javaAtLeast(minimumJava);
      if (!existsSync(path.join(installDir, '.installed')))
        say(`installing Kafka ${kafkaVersion} jars from Maven Central`);
      await installWithMaven(
        installDir,
        (workDir) => [
          '-f',
          path.join(layout.infraSources, 'kafka', 'pom.xml'),
          `-Dkafka.version=${kafkaVersion}`,
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${path.join(workDir, 'libs')}`,
        ],
        `Kafka ${kafkaVersion}`,
      );
    },
    start: async () => {
      writeConfig();
      await formatStorage();
      startDaemon({
        name: 'kafka',
        command: await javaAtLeast(minimumJava),
        args: [
          '-Xms256m',
          '-Xmx768m',
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          '-Djava.awt.headless=true',
          ...java('kafka.Kafka', [configFile]),
        ],
        marker: 'kafka.Kafka',
      });
    },
    stop: () => stopDaemon('kafka', 60_000),
    isRunning: () => runningDaemonPid('kafka') !== undefined,
  };
};

/** Readiness is a real metadata round trip through the admin client, not an open port. */
export const probeKafka = async (brokers: string[]) => {
  const kafka = new Kafka({
    clientId: 'orderflow-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('the cluster reports no brokers');
  } finally {
    await admin.disconnect();
  }
};
