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
    status: Type.Union(
      [Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')],
      {
        description:
          '`ok`: every dependency answers; `degraded`: an optional one (redis) is down and the service works without it; `unavailable`: a required one is down (503).',
      },
    ),
    checks: Type.Record(Type.String(), DependencyCheck, {
      description: 'One entry per dependency: database, storage, and redis when configured.',
    }),
  },
  { $id: 'Readiness', description: 'State of each dependency.' },
);
