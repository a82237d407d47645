import { describe, expect, it } from 'vitest';
import { LAB_DETECTOR_CONFIG, withLabDetectorConfig } from './lab-detector-config.js';

describe("the lab's detector configuration", () => {
  it('gives each named detector its lab config, with the caller keys on top', () => {
    expect(withLabDetectorConfig(['gbdt'], undefined)).toBeUndefined();
    expect(withLabDetectorConfig(['ensemble', 'gbdt'], undefined)).toEqual({ ensemble: LAB_DETECTOR_CONFIG.ensemble });
    expect(withLabDetectorConfig(['ensemble'], { ensemble: { thresholdFolds: 5, voters: 4 }, gbdt: { rounds: 3 } })).toEqual({
      ensemble: { thresholdFolds: 5, voters: 4 },
      gbdt: { rounds: 3 },
    });
  });
});
