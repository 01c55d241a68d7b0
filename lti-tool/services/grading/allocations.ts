import type { Db } from '../../db';

/**
 * Stand-in (part C): the graders allocated to a participant, directly or through their school (first and second
 * markers alike). Empty: no allocation, so any staff may grade them (the `grade.give` rule).
 */
export async function allocatedGradersOf(_db: Db, _networkId: number, _participantId: number): Promise<number[]> {
  return [];
}
