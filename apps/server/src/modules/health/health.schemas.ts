import { Type } from 'typebox';

export const Liveness = Type.Object(
  { status: Type.Literal('ok') },
  { $id: 'Liveness', description: 'The process is alive.' },
);

export const DependencyCheck = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  durationMs: Type.Number({ description: 'How long the check took.' }),
});

export const Readiness = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    checks: Type.Record(Type.String(), DependencyCheck, {
      description: 'One entry per dependency: database, and later redis, storage, renderer.',
    }),
  },
  { $id: 'Readiness', description: 'State of each dependency.' },
);
