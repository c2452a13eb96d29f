package dev.dmp.mapreduce.idgraph;

import dev.dmp.mapreduce.common.MurmurPartitioner;

/** Sends everything addressed to one identifier (or component label) to one reducer. */
public class IdPartitioner<V> extends MurmurPartitioner<V> {}
