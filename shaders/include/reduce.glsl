// Workgroup-wide sum of one float per invocation: subgroup sums, then the first subgroup adds the
// partials. Needs `shared float reducePartials[64];` declared by the includer... declared here.
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_basic : require

shared float reducePartials[128];

float workgroupSum(float v) {
  float s = subgroupAdd(v);
  if (subgroupElect()) reducePartials[gl_SubgroupID] = s;
  barrier();
  float total = 0.0;
  for (uint i = 0; i < gl_NumSubgroups; ++i) total += reducePartials[i];
  barrier();
  return total;
}

float workgroupMax(float v) {
  float s = subgroupMax(v);
  if (subgroupElect()) reducePartials[gl_SubgroupID] = s;
  barrier();
  float m = reducePartials[0];
  for (uint i = 1; i < gl_NumSubgroups; ++i) m = max(m, reducePartials[i]);
  barrier();
  return m;
}
